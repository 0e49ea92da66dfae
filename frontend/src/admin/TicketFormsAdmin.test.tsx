import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { TicketFormsAdmin } from './TicketFormsAdmin';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const stamps = { createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
const field = (id: number, key: string, label: string, active = true) => ({
  id,
  key,
  label,
  description: '',
  type: 'text',
  options: [],
  pattern: null,
  visibleToCustomers: false,
  requiredToSolve: false,
  active,
  position: id,
  ...stamps,
});
const fields = [
  field(1, 'plan', 'Plan'),
  field(2, 'seats', 'Seats'),
  field(3, 'invoice', 'Invoice'),
  field(4, 'legacy', 'Legacy', false),
];
const billing = {
  id: 7,
  name: 'Billing question',
  description: '',
  fieldIds: [1, 4],
  visibleToCustomers: true,
  active: true,
  position: 0,
  ...stamps,
};
const retired = { ...billing, id: 8, name: 'Old bug report', fieldIds: [], visibleToCustomers: false, active: false };

/** Stands in for the API: the fields and forms above; records every write and answers it with `answer`. */
function stubApi(answer?: () => Response) {
  const writes: { method: string; path: string; body: Record<string, unknown> }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET')
        return json({ items: path === '/api/v1/ticket-fields' ? fields : [billing, retired], nextCursor: null });
      const body = (await request.json()) as Record<string, unknown>;
      writes.push({ method: request.method, path, body });
      return answer ? answer() : json({ ...billing, ...body }, request.method === 'POST' ? 201 : 200);
    }),
  );
  return writes;
}

afterEach(() => vi.unstubAllGlobals());

const rowOf = async (text: string) => (await screen.findByText(text)).closest('tr')!;
const pick = async (dialog: HTMLElement, label: string) => {
  fireEvent.click(within(dialog).getByLabelText('Add a field'));
  fireEvent.click(await screen.findByRole('option', { name: label, hidden: true }));
};
const onForm = (dialog: HTMLElement) =>
  within(dialog)
    .getAllByTestId('form-field')
    .map((li) => li.querySelector('p')?.textContent);

describe('ticket forms admin', () => {
  it('lists forms with their fields, and deactivates or reactivates one', async () => {
    const writes = stubApi();
    renderWithProviders(<TicketFormsAdmin />);
    const row = await rowOf('Billing question');
    await within(row).findByText('Plan, Legacy');
    const old = await rowOf('Old bug report');
    expect(within(old).getByText('inactive')).toBeTruthy();
    fireEvent.click(within(row).getByRole('button', { name: 'Deactivate' }));
    fireEvent.click(within(old).getByRole('button', { name: 'Reactivate' }));
    await waitFor(() => expect(writes).toHaveLength(2));
    expect(writes).toEqual([
      { method: 'PATCH', path: '/api/v1/ticket-forms/7', body: { active: false } },
      { method: 'PATCH', path: '/api/v1/ticket-forms/8', body: { active: true } },
    ]);
  });

  it('creates a form whose fields are added, reordered and removed with buttons', async () => {
    const writes = stubApi();
    renderWithProviders(<TicketFormsAdmin />);
    await rowOf('Billing question');
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: 'Bug report' } });
    await pick(dialog, 'Plan (plan)');
    await pick(dialog, 'Seats (seats)');
    await pick(dialog, 'Invoice (invoice)');
    // A deactivated field is not offered, nor one already on the form.
    fireEvent.click(within(dialog).getByLabelText('Add a field'));
    expect(screen.queryByRole('option', { name: 'Legacy (legacy)', hidden: true })).toBeNull();
    expect(screen.queryByRole('option', { name: 'Plan (plan)', hidden: true })).toBeNull();
    expect(onForm(dialog)).toEqual(['Plan', 'Seats', 'Invoice']);

    fireEvent.click(within(dialog).getByRole('button', { name: 'Move Invoice up' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move Invoice up' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Move Plan down' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove Seats' }));
    expect(onForm(dialog)).toEqual(['Invoice', 'Plan']);
    fireEvent.click(within(dialog).getByLabelText(/Offered on the contact form/));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toEqual({
      method: 'POST',
      path: '/api/v1/ticket-forms',
      body: { name: 'Bug report', description: '', fieldIds: [3, 1], visibleToCustomers: true, active: true },
    });
  });

  it('edits a form, showing a deactivated field it still has, and shows a refused name in the dialog', async () => {
    const writes = stubApi(() =>
      json({ statusCode: 409, message: 'A ticket form named Old bug report already exists' }, 409),
    );
    renderWithProviders(<TicketFormsAdmin />);
    fireEvent.click(within(await rowOf('Billing question')).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Billing question' });
    expect(onForm(dialog)).toEqual(['Plan', 'Legacy']);
    const legacy = within(dialog).getAllByTestId('form-field')[1];
    expect(within(legacy).getByText('inactive')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/^Name/), { target: { value: 'Old bug report' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('A ticket form named Old bug report already exists');
    expect(writes[0]).toMatchObject({ method: 'PATCH', path: '/api/v1/ticket-forms/7', body: { fieldIds: [1, 4] } });
  });
});
