import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { UsersAdmin } from './UsersAdmin';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const user = (id: number, name: string, role: 'agent' | 'admin', ticketScope: 'all' | 'groups' | 'assigned') => ({
  id,
  email: `${name.toLowerCase()}@example.com`,
  name,
  role,
  active: true,
  ticketScope,
  lastLoginAt: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

/** Stands in for the API: an agent limited to their groups and an admin; records every write. */
function stubApi() {
  const writes: { method: string; path: string; body: unknown }[] = [];
  const users = [user(1, 'Ada', 'agent', 'groups'), user(2, 'Root', 'admin', 'assigned')];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET') return json({ items: users, nextCursor: null });
      const text = await request.text();
      const body = text ? JSON.parse(text) : null;
      writes.push({ method: request.method, path, body });
      return json({ ...users[0], ...(body as object) });
    }),
  );
  return writes;
}

afterEach(() => vi.unstubAllGlobals());

describe('users admin: ticket scope', () => {
  it("shows each agent's scope (admins reach every ticket) and saves a changed one", async () => {
    const writes = stubApi();
    renderWithProviders(<UsersAdmin />);
    const ada = (await screen.findByText('Ada')).closest('tr')!;
    expect(within(ada).getByText('Their groups’ tickets')).toBeTruthy();
    const root = screen.getByText('Root').closest('tr')!;
    expect(within(root).getByText('All tickets')).toBeTruthy();

    fireEvent.click(within(ada).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByLabelText('Tickets'));
    fireEvent.click(await screen.findByRole('option', { name: 'Assigned to them', hidden: true }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toMatchObject({ method: 'PATCH', path: '/api/v1/users/1', body: { ticketScope: 'assigned' } });
  });

  it('offers no scope for an admin', async () => {
    stubApi();
    renderWithProviders(<UsersAdmin />);
    fireEvent.click(within((await screen.findByText('Root')).closest('tr')!).getByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByLabelText('Tickets')).toBeNull();
    expect(within(dialog).getByLabelText('Role')).toBeTruthy();
  });
});

describe('users admin: invitations', () => {
  it('invites a new user without a password, and sends an existing one a new link', async () => {
    const writes = stubApi();
    renderWithProviders(<UsersAdmin />);
    await screen.findByText('Ada');
    fireEvent.click(screen.getByRole('button', { name: 'Invite' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByLabelText(/Password/)).toBeNull();
    fireEvent.change(within(dialog).getByLabelText(/Email/), { target: { value: 'new@example.com' } });
    fireEvent.change(within(dialog).getByLabelText(/Name/), { target: { value: 'Newt' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toEqual({
      method: 'POST',
      path: '/api/v1/users',
      body: { email: 'new@example.com', name: 'Newt', role: 'agent', ticketScope: 'all' },
    });

    const ada = screen.getByText('Ada').closest('tr')!;
    fireEvent.click(within(ada).getByRole('button', { name: 'Send set-password link' }));
    await waitFor(() => expect(writes).toHaveLength(2));
    expect(writes[1]).toMatchObject({ method: 'POST', path: '/api/v1/users/1/invite' });
  });
});
