import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types';
import { MemoryRouter } from 'react-router';
import { renderWithProviders } from '../test/render';
import { MessageItem as Item } from './MessageItem';

// A message can be split off into a new ticket, which then opens: the item needs a router.
const MessageItem = (props: Parameters<typeof Item>[0]) => (
  <MemoryRouter>
    <Item {...props} />
  </MemoryRouter>
);

const base: Message = {
  id: 1,
  ticketId: 9,
  internal: false,
  visibility: 'public',
  channel: 'email',
  author: { type: 'customer', id: 3, name: 'Carla', email: 'carla@example.org' },
  bodyText: 'New text',
  bodyHtml: null,
  remoteImages: 0,
  cc: [],
  forwardedTo: null,
  fullText: null,
  mail: { messageId: '<m1@example.org>', from: 'carla@example.org', to: ['support@example.com'], cc: [], flags: [] },
  attachments: [],
  delivery: null,
  createdAt: new Date().toISOString(),
};

describe('MessageItem', () => {
  it('tells customer mail, public replies and internal notes apart', () => {
    renderWithProviders(
      <>
        <MessageItem message={base} />
        <MessageItem message={{ ...base, id: 2, author: { type: 'user', id: 1, name: 'Dana', email: null } }} />
        <MessageItem
          message={{ ...base, id: 3, internal: true, author: { type: 'user', id: 1, name: 'Dana', email: null } }}
        />
      </>,
    );
    expect(screen.getAllByRole('article').map((a) => a.dataset.kind)).toEqual(['customer', 'reply', 'note']);
    expect(screen.getByRole('article', { name: 'Internal note: Dana' })).toBeTruthy();
  });

  it('shows who was on Cc, and a forward as forwarded to its recipients without a Forward of its own', () => {
    renderWithProviders(
      <>
        <MessageItem message={{ ...base, cc: ['boss@example.org', 'team@example.org'] }} />
        <MessageItem
          message={{
            ...base,
            id: 2,
            internal: true,
            visibility: 'internal',
            forwardedTo: ['parts@vendor.test'],
            author: { type: 'user', id: 1, name: 'Dana', email: null },
          }}
        />
      </>,
    );
    expect(screen.getByTestId('message-cc').textContent).toBe('Cc: boss@example.org, team@example.org');
    expect(screen.getByTestId('forwarded-to').textContent).toBe('Forwarded to parts@vendor.test');
    // Only the customer's message offers Forward.
    expect(screen.getAllByRole('button', { name: /^Forward the message of/ }).map((b) => b.textContent)).toEqual([
      'Forward',
    ]);
    expect(screen.getByRole('button', { name: 'Forward the message of Carla' })).toBeTruthy();
  });

  it('folds quoted history away until asked', () => {
    renderWithProviders(<MessageItem message={{ ...base, fullText: 'New text\n\n> old quoted text' }} />);
    expect(screen.queryByText(/old quoted text/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show quoted history' }));
    expect(screen.getByText(/old quoted text/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Hide quoted history' }).getAttribute('aria-expanded')).toBe('true');
  });

  it('shows mail HTML only inside a sandboxed frame that cannot run scripts', () => {
    renderWithProviders(
      <MessageItem message={{ ...base, bodyHtml: '<p>Hello <b>there</b></p><img src=x onerror="alert(1)">' }} />,
    );
    const frame = document.querySelector('iframe')!;
    expect(frame.getAttribute('sandbox')).not.toMatch(/allow-scripts/);
    expect(frame.getAttribute('srcdoc')).toContain('<b>there</b>');
    expect(frame.getAttribute('srcdoc')).toContain("default-src 'none'");
    // Nothing of the mail is in the page itself.
    expect(document.body.querySelector('b')).toBeNull();
  });

  it('loads remote images through the api only when asked', () => {
    renderWithProviders(
      <MessageItem
        message={{
          ...base,
          id: 31,
          bodyHtml:
            '<p>News</p><img data-remote-src="https://news.example/a.png"><img data-remote-src="https://news.example/b.png">',
          remoteImages: 2,
        }}
      />,
    );
    const srcdoc = () => document.querySelector('iframe')!.getAttribute('srcdoc')!;
    expect(srcdoc()).not.toMatch(/<img[^>]* src=/);
    fireEvent.click(screen.getByRole('button', { name: 'Load images (2)' }));
    expect(srcdoc()).toContain('src="/api/v1/tickets/9/messages/31/remote-images/0"');
    expect(srcdoc()).toContain('src="/api/v1/tickets/9/messages/31/remote-images/1"');
    expect(srcdoc()).not.toContain('news.example');
    expect(screen.queryByRole('button', { name: /Load images/ })).toBeNull();
  });

  it('lists attachments with size and download, previews images', () => {
    renderWithProviders(
      <MessageItem
        message={{
          ...base,
          attachments: [
            {
              id: 5,
              filename: 'photo.png',
              contentType: 'image/png',
              size: 2048,
              inline: false,
              url: '/api/v1/attachments/5',
            },
            {
              id: 6,
              filename: 'report.pdf',
              contentType: 'application/pdf',
              size: 3 * 1024 * 1024,
              inline: false,
              url: '/api/v1/attachments/6',
            },
          ],
        }}
      />,
    );
    expect(screen.getByRole('link', { name: 'Download report.pdf (3.0 MB)' }).getAttribute('href')).toBe(
      '/api/v1/attachments/6',
    );
    expect(screen.getByRole('img', { name: 'photo.png' }).getAttribute('src')).toBe('/api/v1/attachments/5');
    expect(screen.queryByRole('img', { name: 'report.pdf' })).toBeNull();
  });

  it('shows the delivery status of an emailed reply, with retry when it failed', () => {
    renderWithProviders(
      <MessageItem
        message={{
          ...base,
          author: { type: 'user', id: 1, name: 'Dana', email: null },
          delivery: {
            outboundId: 4,
            status: 'failed',
            reason: '550 no such user',
            attempts: 5,
            updatedAt: base.createdAt,
          },
        }}
      />,
    );
    expect(screen.getByTestId('delivery-status').textContent).toBe('Failed');
    expect(screen.getByRole('button', { name: 'Retry delivery' })).toBeTruthy();
  });
});
