import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import MentionsPage from './MentionsPage';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const mention = (id: number, number: number, readAt: string | null) => ({
  id,
  ticket: { id: 100 + number, number, subject: `Subject ${number}`, status: 'open' },
  messageId: id * 10,
  internal: id % 2 === 1,
  excerpt: `Can you look at this, @Dana (${id})`,
  author: { id: 1, name: 'Ann Admin' },
  createdAt: new Date(Date.now() - 60_000).toISOString(),
  readAt,
});

/** Stands in for the mentions API: one unread and one read mention; records every mark-read call. */
function stubApi() {
  const reads: unknown[] = [];
  let unread = 1;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path === '/api/v1/mentions/unread') return json({ unread });
      if (path === '/api/v1/mentions')
        return json({ items: [mention(1, 7, null), mention(2, 5, '2026-11-30T10:00:00Z')], nextCursor: null });
      if (path === '/api/v1/mentions/read') {
        reads.push(await request.json());
        unread = 0;
        return new Response(null, { status: 204 });
      }
      return json({ message: 'unexpected' }, 500);
    }),
  );
  return reads;
}

afterEach(() => vi.unstubAllGlobals());

describe('the mentions inbox', () => {
  it('lists mentions with the unread one marked, and "Mark all read" reads them all', async () => {
    const reads = stubApi();
    renderWithProviders(
      <MemoryRouter>
        <MentionsPage />
      </MemoryRouter>,
    );
    const first = await screen.findByRole('listitem', { name: 'Ann Admin mentioned you on #7' });
    expect(within(first).getByText('Unread')).toBeTruthy();
    expect(within(first).getByText(/in an internal note/)).toBeTruthy();
    expect(within(first).getByRole('link', { name: '#7 Subject 7' }).getAttribute('href')).toBe('/tickets/107');
    const second = screen.getByRole('listitem', { name: 'Ann Admin mentioned you on #5' });
    expect(within(second).queryByText('Unread')).toBeNull();
    expect(within(second).getByText(/in a reply/)).toBeTruthy();

    const markAll = screen.getByRole('button', { name: 'Mark all read' });
    await waitFor(() => expect(markAll.hasAttribute('disabled')).toBe(false));
    fireEvent.click(markAll);
    await waitFor(() => expect(reads).toEqual([{}]));
    await waitFor(() => expect(markAll.hasAttribute('disabled')).toBe(true));
  });

  it('opening an unread mention reads that one only; a read one sends nothing', async () => {
    const reads = stubApi();
    renderWithProviders(
      <MemoryRouter>
        <MentionsPage />
      </MemoryRouter>,
    );
    fireEvent.click(await screen.findByRole('link', { name: '#5 Subject 5' }));
    fireEvent.click(screen.getByRole('link', { name: '#7 Subject 7' }));
    await waitFor(() => expect(reads).toEqual([{ ids: [1] }]));
  });

  it('says so when nobody has mentioned the agent', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) =>
        new URL(request.url).pathname.endsWith('/unread') ? json({ unread: 0 }) : json({ items: [], nextCursor: null }),
      ),
    );
    renderWithProviders(
      <MemoryRouter>
        <MentionsPage />
      </MemoryRouter>,
    );
    expect(await screen.findByText('Nobody has mentioned you yet.')).toBeTruthy();
  });
});
