import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { FieldsAdmin } from './FieldsAdmin';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const field = (id: number, over: Record<string, unknown>) => ({
  id,
  key: `f${id}`,
  label: `Field ${id}`,
  description: '',
  type: 'text',
  options: [],
  pattern: null,
  visibleToCustomers: false,
  requiredToSolve: false,
  active: true,
  position: id,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

const plan = field(1, {
  key: 'plan',
  label: 'Plan',
  type: 'dropdown',
  options: [
    { value: 'free', label: 'Free', active: true },
    { value: 'legacy', label: 'Legacy', active: false },
  ],
  visibleToCustomers: true,
  requiredToSolve: true,
});
const oldRef = field(2, { key: 'old_ref', label: 'Old reference', active: false });

/**
 * Stands in for the API: lists of fields per entity; records every write and answers it with
 * `answer` (by default the field written).
 */
function stubApi(answer?: (body: Record<string, unknown>) => Response) {
  const writes: { method: string; path: string; body: Record<string, unknown> }[] = [];
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET') {
        asked.push(path);
        return json({ items: path === '/api/v1/ticket-fields' ? [plan, oldRef] : [], nextCursor: null });
      }
      const body = (await request.json()) as Record<string, unknown>;
      writes.push({ method: request.method, path, body });
      return answer ? answer(body) : json(field(9, body), request.method === 'POST' ? 201 : 200);
    }),
  );
  return { writes, asked };
}

afterEach(() => vi.unstubAllGlobals());

const rowOf = async (text: string) => (await screen.findByText(text)).closest('tr')!;

describe('custom fields admin', () => {
  it("lists each field's key, label, type, options and flags, and deactivates or reactivates one", async () => {
    const { writes } = stubApi();
    renderWithProviders(<FieldsAdmin />);
    const row = await rowOf('plan');
    expect(within(row).getByText('Plan')).toBeTruthy();
    expect(within(row).getByText('Dropdown')).toBeTruthy();
    expect(within(row).getByText('Free, Legacy (inactive)')).toBeTruthy();
    expect(within(row).getAllByText('✓')).toHaveLength(3); // customers, required, active
    const old = await rowOf('old_ref');
    expect(within(old).getByText('inactive')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: 'Deactivate' }));
    fireEvent.click(within(old).getByRole('button', { name: 'Reactivate' }));
    await waitFor(() => expect(writes).toHaveLength(2));
    expect(writes).toEqual([
      { method: 'PATCH', path: '/api/v1/ticket-fields/1', body: { active: false } },
      { method: 'PATCH', path: '/api/v1/ticket-fields/2', body: { active: true } },
    ]);
  });

  it('creates a dropdown with its options in the order set by the move buttons', async () => {
    const { writes } = stubApi();
    renderWithProviders(<FieldsAdmin />);
    await screen.findByText('plan');
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Key/), { target: { value: 'product' } });
    fireEvent.change(within(dialog).getByLabelText(/^Label/), { target: { value: 'Product' } });
    fireEvent.click(within(dialog).getByLabelText(/^Type/));
    fireEvent.click(await screen.findByRole('option', { name: 'Dropdown', hidden: true }));
    const editor = await within(dialog).findByTestId('options-editor');
    fireEvent.click(within(editor).getByRole('button', { name: 'Add option' }));
    fireEvent.click(within(editor).getByRole('button', { name: 'Add option' }));
    fireEvent.change(within(editor).getByLabelText('Option 1: Value'), { target: { value: 'widget' } });
    fireEvent.change(within(editor).getByLabelText('Option 1: Label'), { target: { value: 'Widget' } });
    fireEvent.change(within(editor).getByLabelText('Option 2: Value'), { target: { value: 'gadget' } });
    fireEvent.change(within(editor).getByLabelText('Option 2: Label'), { target: { value: 'Gadget' } });
    fireEvent.click(within(editor).getByRole('button', { name: 'Move Option 2 (Gadget) up' }));
    // The first cannot move further up.
    expect(
      within(editor).getByRole('button', { name: 'Move Option 1 (Gadget) up' }).getAttribute('aria-disabled'),
    ).toBe('true');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toEqual({
      method: 'POST',
      path: '/api/v1/ticket-fields',
      body: {
        key: 'product',
        type: 'dropdown',
        label: 'Product',
        description: '',
        options: [
          { value: 'gadget', label: 'Gadget', active: true },
          { value: 'widget', label: 'Widget', active: true },
        ],
        visibleToCustomers: false,
        requiredToSolve: false,
        active: true,
      },
    });
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it("keeps key, type and a saved option's value fixed when editing, and sends neither key nor type", async () => {
    const { writes } = stubApi();
    renderWithProviders(<FieldsAdmin />);
    fireEvent.click(within(await rowOf('plan')).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Plan' });
    expect((within(dialog).getByLabelText(/^Key/) as HTMLInputElement).disabled).toBe(true);
    expect((within(dialog).getByLabelText(/^Type/) as HTMLInputElement).disabled).toBe(true);
    expect((within(dialog).getByLabelText('Option 1: Value') as HTMLInputElement).disabled).toBe(true);
    fireEvent.change(within(dialog).getByLabelText('Option 1: Label'), { target: { value: 'Free tier' } });
    fireEvent.click(within(dialog).getByLabelText('Option 2: Active'));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0].path).toBe('/api/v1/ticket-fields/1');
    expect(writes[0].body).not.toHaveProperty('key');
    expect(writes[0].body).not.toHaveProperty('type');
    expect(writes[0].body.options).toEqual([
      { value: 'free', label: 'Free tier', active: true },
      { value: 'legacy', label: 'Legacy', active: true },
    ]);
  });

  it("shows the API's refusal in the dialog, next to the inputs it names, and keeps the draft", async () => {
    stubApi(() =>
      json(
        {
          statusCode: 400,
          message:
            'key: key must be lower-case letters, digits and _, starting with a letter; pattern: does not compile',
          fields: {
            key: ['key must be lower-case letters, digits and _, starting with a letter'],
            pattern: ['does not compile'],
          },
        },
        400,
      ),
    );
    renderWithProviders(<FieldsAdmin />);
    await screen.findByText('plan');
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Key/), { target: { value: 'Invoice' } });
    fireEvent.change(within(dialog).getByLabelText(/^Label/), { target: { value: 'Invoice' } });
    fireEvent.click(within(dialog).getByLabelText(/^Type/));
    fireEvent.click(await screen.findByRole('option', { name: 'Pattern (regex)', hidden: true }));
    fireEvent.change(within(dialog).getByLabelText(/^Pattern/), { target: { value: '(' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('Not saved');
    expect(alert.textContent).toContain('pattern: does not compile');
    const key = within(dialog).getByLabelText(/^Key/);
    expect(key.getAttribute('aria-invalid')).toBe('true');
    expect(
      within(dialog).getByText('key must be lower-case letters, digits and _, starting with a letter'),
    ).toBeTruthy();
    expect(within(dialog).getByText('does not compile')).toBeTruthy();
    expect((key as HTMLInputElement).value).toBe('Invoice');
  });

  it("switches to customers' fields, which cannot be required to solve", async () => {
    const { asked } = stubApi();
    renderWithProviders(<FieldsAdmin />);
    await screen.findByText('plan');
    expect(screen.getByRole('columnheader', { name: 'Required' })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Customers' }));
    await screen.findByText('No field yet.');
    expect(asked).toContain('/api/v1/customer-fields');
    expect(screen.queryByRole('columnheader', { name: 'Required' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByLabelText('Required to solve')).toBeNull();
    expect(within(dialog).getByLabelText(/Visible to customers/)).toBeTruthy();
  });
});
