import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { createTicketBody, NewTicketDialog, type NewTicketDraft } from './NewTicketDialog';
import { requesterChange } from './panel/RequesterEditor';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const DANA = { id: 7, email: 'dana@example.org', name: 'Dana Scully', organizationId: null };

/** Stands in for the API: one agent, one group, Dana among the customers; POST /tickets answers ticket 42. */
function stubApi() {
  const posted: unknown[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      if (request.method === 'POST' && url.pathname === '/api/v1/tickets') {
        posted.push(await request.json());
        return json({ id: 42, number: 1042 }, 201);
      }
      if (url.pathname === '/api/v1/users')
        return json({ items: [{ id: 3, name: 'Ada', active: true }], nextCursor: null });
      if (url.pathname === '/api/v1/groups') return json({ items: [{ id: 5, name: 'Billing' }] });
      if (url.pathname === '/api/v1/customers')
        return json({ items: 'dana'.startsWith(url.searchParams.get('q') ?? '') ? [DANA] : [], nextCursor: null });
      return json({ items: [], nextCursor: null });
    }),
  );
  return posted;
}

/** The dialog on a page of its own, and where creating it went. */
function renderDialog() {
  const router = createMemoryRouter(
    [
      { path: '/', element: <NewTicketDialog opened onClose={() => undefined} /> },
      { path: '/tickets/:id', element: <p>ticket page</p> },
    ],
    { initialEntries: ['/'] },
  );
  renderWithProviders(<RouterProvider router={router} />);
  return router;
}

afterEach(() => vi.unstubAllGlobals());

const draft = (patch: Partial<NewTicketDraft>): NewTicketDraft => ({
  requester: { email: ' new@example.org ', name: ' Nick ' },
  subject: ' Phone: printer ',
  body: 'It jams.',
  firstMessage: 'requester',
  groupId: null,
  assigneeId: null,
  priority: 'normal',
  tags: [],
  formId: null,
  ...patch,
});

describe('the new ticket form', () => {
  it('sends a new address with its name, and only the options chosen', () => {
    expect(createTicketBody(draft({}))).toEqual({
      subject: 'Phone: printer',
      body: 'It jams.',
      requester: { email: 'new@example.org', name: 'Nick' },
      firstMessage: 'requester',
      priority: 'normal',
    });
    expect(
      createTicketBody(
        draft({
          requester: { email: DANA.email, name: DANA.name, customerId: DANA.id },
          firstMessage: 'reply',
          groupId: '5',
          assigneeId: '3',
          tags: ['vip'],
          formId: '2',
          priority: 'high',
        }),
      ),
    ).toEqual({
      subject: 'Phone: printer',
      body: 'It jams.',
      requester: { email: DANA.email },
      firstMessage: 'reply',
      priority: 'high',
      groupId: 5,
      assigneeId: 3,
      tags: ['vip'],
      formId: 2,
    });
  });

  it('changes the requester to a picked customer by id, and to a typed address by address', () => {
    expect(requesterChange({ email: DANA.email, name: DANA.name, customerId: 7 })).toEqual({ requesterId: 7 });
    expect(requesterChange({ email: ' x@example.org ', name: '' })).toEqual({ requester: { email: 'x@example.org' } });
  });

  it('finds an existing customer, emails them the first message, and opens the new ticket', async () => {
    const posted = stubApi();
    const router = renderDialog();
    const create = await screen.findByRole('button', { name: 'Create ticket' });
    expect(create).toHaveProperty('disabled', true);

    const requester = screen.getByRole('combobox', { name: /Requester/ });
    fireEvent.focus(requester);
    fireEvent.change(requester, { target: { value: 'dan' } });
    // jsdom runs no transitions: the dropdown stays display: none, its options are there all the same.
    fireEvent.click(
      await screen.findByRole('option', { name: 'Dana Scully <dana@example.org>', hidden: true }, { timeout: 3000 }),
    );
    expect(await screen.findByText('Existing customer: Dana Scully')).toBeTruthy();
    expect(screen.queryByLabelText('Name of the new customer')).toBeNull();

    fireEvent.change(screen.getByRole('textbox', { name: /Subject/ }), { target: { value: 'Your refund' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Email to the customer' }));
    expect(screen.getByText(/their answer comes back into this ticket/)).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: /Message/ }), { target: { value: 'It is on its way.' } });
    fireEvent.click(create);

    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toEqual({
      subject: 'Your refund',
      body: 'It is on its way.',
      requester: { email: 'dana@example.org' },
      firstMessage: 'reply',
      priority: 'normal',
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/42'));
  });

  it('asks for a new customer’s name once the address is complete, and records a phone call by default', async () => {
    const posted = stubApi();
    renderDialog();
    const requester = await screen.findByRole('combobox', { name: /Requester/ });
    fireEvent.change(requester, { target: { value: 'walter@example' } });
    expect(screen.queryByLabelText('Name of the new customer')).toBeNull();
    fireEvent.change(requester, { target: { value: 'walter@example.org' } });
    fireEvent.change(screen.getByLabelText('Name of the new customer'), { target: { value: 'Walter' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Subject/ }), { target: { value: 'Called about a bill' } });
    fireEvent.change(screen.getByRole('textbox', { name: /Message/ }), { target: { value: 'Billed twice.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create ticket' }));
    await waitFor(() => expect(posted).toHaveLength(1));
    expect(posted[0]).toMatchObject({
      requester: { email: 'walter@example.org', name: 'Walter' },
      firstMessage: 'requester',
    });
  });
});
