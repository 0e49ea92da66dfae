import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { CustomersAdmin } from './CustomersAdmin';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const dana = {
  id: 7,
  email: 'dana@customer.test',
  name: 'Dana Client',
  organizationId: null,
  fields: {},
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

/** Stands in for the customers API: one match; records erasures. */
function stubApi() {
  const erased: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (request.method === 'GET' && url.pathname === '/api/v1/customers')
        return json({ items: url.searchParams.get('q') === 'dana' ? [dana] : [], nextCursor: null });
      if (request.method === 'DELETE') {
        erased.push(url.pathname);
        return json({ tickets: 2, messages: 5, attachments: 1, fieldValues: 3, spooledMails: 2, outboundMails: 1 });
      }
      return json({ message: 'unexpected' }, 500);
    }),
  );
  return erased;
}

afterEach(() => vi.unstubAllGlobals());

describe('customer data admin (GDPR)', () => {
  it('finds a customer and links their export', async () => {
    stubApi();
    renderWithProviders(<CustomersAdmin />);
    fireEvent.change(screen.getByLabelText('Email or name'), { target: { value: 'dana' } });
    const link = await screen.findByRole('link', { name: 'Export data of dana@customer.test' });
    expect(link.getAttribute('href')).toBe('/api/v1/customers/7/export');
  });

  it('erases only once the address is typed back, then says what went', async () => {
    const erased = stubApi();
    renderWithProviders(<CustomersAdmin />);
    fireEvent.change(screen.getByLabelText('Email or name'), { target: { value: 'dana' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Erase dana@customer.test' }));
    const dialog = await screen.findByRole('dialog', { name: 'Erase dana@customer.test?' });
    const confirm = within(dialog).getByRole('button', { name: 'Erase' });
    expect(confirm.hasAttribute('disabled')).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Type dana@customer.test to confirm'), {
      target: { value: 'dana@customer.tes' },
    });
    expect(confirm.hasAttribute('disabled')).toBe(true);
    expect(erased).toEqual([]);
    fireEvent.change(within(dialog).getByLabelText('Type dana@customer.test to confirm'), {
      target: { value: 'Dana@Customer.test ' },
    });
    expect(confirm.hasAttribute('disabled')).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(erased).toEqual(['/api/v1/customers/7']));
    const summary = await screen.findByRole('status');
    expect(within(summary).getByText('dana@customer.test erased')).toBeTruthy();
    expect(within(summary).getByText('5 messages emptied')).toBeTruthy();
    expect(within(summary).getByText('2 received and 1 outgoing mail removed')).toBeTruthy();
  });
});
