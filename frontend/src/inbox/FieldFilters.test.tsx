import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { FieldFilters } from './FieldFilters';

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const field = (id: number, key: string, label: string, type: string, options: string[] = []) => ({
  id,
  key,
  label,
  description: '',
  type,
  options: options.map((o) => ({ value: o.toLowerCase(), label: o, active: true })),
  pattern: null,
  visibleToCustomers: false,
  requiredToSolve: false,
  active: true,
  position: id,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

/** Stands in for GET /ticket-fields: a dropdown, a number, a checkbox and a textarea. */
function stubFields() {
  vi.stubGlobal(
    'fetch',
    vi.fn(async () =>
      json({
        items: [
          field(1, 'plan', 'Plan', 'dropdown', ['Free', 'Pro', 'Enterprise']),
          field(2, 'seats', 'Seats', 'number'),
          field(3, 'vip', 'VIP', 'checkbox'),
          field(4, 'notes', 'Notes', 'textarea'),
        ],
        nextCursor: null,
      }),
    ),
  );
}

afterEach(() => vi.unstubAllGlobals());

describe('custom field filter chips', () => {
  it('shows each field filter in words and removes one', async () => {
    stubFields();
    const onChange = vi.fn();
    renderWithProviders(
      <FieldFilters
        filters={{ status: 'open', 'field.plan': 'pro,enterprise', 'field.seats': '10..', 'field.vip': 'true' }}
        onChange={onChange}
      />,
    );
    const chips = await screen.findByRole('group', { name: 'Custom field filters' });
    await waitFor(() => expect(within(chips).getByText('Plan: Pro or Enterprise')).toBeTruthy());
    expect(within(chips).getByText('Seats: ≥ 10')).toBeTruthy();
    expect(within(chips).getByText('VIP: Yes')).toBeTruthy();
    fireEvent.click(within(chips).getByRole('button', { name: 'Remove the Seats filter' }));
    expect(onChange).toHaveBeenCalledWith({ 'field.seats': undefined });
  });

  it('adds a number range filter, and offers no textarea field', async () => {
    stubFields();
    const onChange = vi.fn();
    renderWithProviders(<FieldFilters filters={{}} onChange={onChange} />);
    fireEvent.click(await screen.findByRole('button', { name: '+ Field' }));
    const picker = (await screen.findAllByLabelText('Field')).find((el) => el.tagName === 'INPUT')!;
    fireEvent.click(picker);
    const options = (await screen.findAllByRole('option', { hidden: true })).map((o) => o.textContent);
    expect(options).toEqual(['Plan', 'Seats', 'VIP']);
    fireEvent.click(screen.getByRole('option', { name: 'Seats', hidden: true }));
    fireEvent.change(await screen.findByLabelText('From'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '20' } });
    fireEvent.click(screen.getByRole('button', { name: 'Filter', hidden: true }));
    expect(onChange).toHaveBeenCalledWith({ 'field.seats': '5..20' });
  });
});
