import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActionView, RuleDefinitionsView } from '../api/openapi.gen';
import { renderWithProviders } from '../test/render';
import { ActionsEditor } from './RuleEditor';

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });

const ALL = ['trigger', 'automation', 'macro'] as ('trigger' | 'automation' | 'macro')[];

/** The catalog as GET /rules/definitions gives it with a form and two custom fields. */
const DEFS: RuleDefinitionsView = {
  fields: [],
  operators: [],
  placeholders: [],
  actions: [
    { name: 'add_tags', description: 'Adds tags', kinds: ALL, type: 'list', values: null, nullable: false, refers: '' },
    { name: 'email', description: 'Emails', kinds: ['trigger', 'automation'] },
    {
      name: 'formId',
      description: 'Sets the ticket form',
      kinds: ALL,
      type: 'id',
      values: null,
      nullable: true,
      refers: 'form',
      options: [{ value: '7', label: 'Billing question' }],
    },
    {
      name: 'field.plan',
      description: 'Sets the custom field Plan',
      kinds: ALL,
      type: 'enum',
      values: ['free', 'pro'],
      nullable: true,
      refers: '',
      options: [
        { value: 'free', label: 'Free' },
        { value: 'pro', label: 'Pro' },
      ],
      label: 'Plan',
      fieldType: 'dropdown',
    },
    {
      name: 'field.seats',
      description: 'Sets the custom field Seats',
      kinds: ALL,
      type: 'number',
      values: null,
      nullable: false,
      refers: '',
      label: 'Seats',
      fieldType: 'number',
    },
  ],
};

/** The editor with its state, exposing the latest actions. */
function renderEditor(initial: ActionView[], kind: 'trigger' | 'macro') {
  const seen: { actions: ActionView[] } = { actions: initial };
  function Harness() {
    const [value, setValue] = useState(initial);
    return (
      <ActionsEditor
        defs={DEFS}
        kind={kind}
        value={value}
        onChange={(next) => {
          seen.actions = next;
          setValue(next);
        }}
      />
    );
  }
  renderWithProviders(<Harness />);
  return seen;
}

const pick = async (label: string, option: string, nth = 0) => {
  fireEvent.click(screen.getAllByRole('combobox', { name: label })[nth]);
  fireEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
};

beforeEach(() => {
  // Users, groups and webhooks the other pickers read: none here.
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) =>
      json(new URL(request.url).pathname.endsWith('/webhooks') ? [] : { items: [], nextCursor: null }),
    ),
  );
});
afterEach(() => vi.unstubAllGlobals());

describe('rule editor: form and custom field actions', () => {
  it('offers a custom field by its label, then its options as the value (a macro offers no email)', async () => {
    const seen = renderEditor([{ field: 'add_tags', value: [] }], 'macro');
    fireEvent.click(screen.getByRole('combobox', { name: 'Field' }));
    expect(screen.queryByRole('option', { name: 'email', hidden: true })).toBeNull();
    fireEvent.click(await screen.findByRole('option', { name: 'Plan (field.plan)', hidden: true }));
    expect(seen.actions).toEqual([{ field: 'field.plan', value: undefined }]);

    fireEvent.click(screen.getByRole('combobox', { name: 'Value' }));
    expect(screen.getByRole('option', { name: '— none —', hidden: true })).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Free', hidden: true })).toBeTruthy();
    fireEvent.click(screen.getByRole('option', { name: 'Pro', hidden: true }));
    await waitFor(() => expect(seen.actions).toEqual([{ field: 'field.plan', value: 'pro' }]));
  });

  it('sets the form by name (its id is saved) and a number field as a number', async () => {
    const seen = renderEditor(
      [
        { field: 'formId', value: null },
        { field: 'field.seats', value: 1 },
      ],
      'trigger',
    );
    await pick('Value', 'Billing question');
    await waitFor(() => expect(seen.actions[0]).toEqual({ field: 'formId', value: 7 }));

    fireEvent.change(screen.getByRole('textbox', { name: 'Value' }), { target: { value: '25' } });
    await waitFor(() => expect(seen.actions[1]).toEqual({ field: 'field.seats', value: 25 }));
  });
});
