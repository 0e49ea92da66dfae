import { fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NotificationView } from '../api/openapi.gen';
import { renderWithProviders } from '../test/render';
import { NotificationBell } from './NotificationBell';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const base = { ticketId: 7, ticketNumber: 12, ticketSubject: 'Printer on fire', createdAt: '2026-12-01T08:00:00.000Z' };
const NOTIFICATIONS: NotificationView[] = [
  { ...base, id: 3, kind: 'customer_replied', actor: null, read: false },
  { ...base, id: 2, kind: 'mentioned', actor: { id: 5, name: 'Alex' }, read: false },
  { ...base, id: 1, kind: 'assigned', actor: { id: 5, name: 'Alex' }, read: true },
];

/** Stands in for the API: the list above; records every write and marks read as the server would. */
function stubApi(items = NOTIFICATIONS) {
  const writes: { path: string; body: { ids?: number[]; all?: true } }[] = [];
  let current = items.map((n) => ({ ...n }));
  const unread = () => current.filter((n) => !n.read).length;
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET') return json({ items: current, nextCursor: null, unread: unread() });
      const body = (await request.json()) as { ids?: number[]; all?: true };
      writes.push({ path, body });
      current = current.map((n) => (body.all || body.ids?.includes(n.id) ? { ...n, read: true } : n));
      return json({ unread: unread() });
    }),
  );
  return writes;
}

const renderBell = () =>
  renderWithProviders(
    <MemoryRouter initialEntries={['/']}>
      <Routes>
        <Route path="/" element={<NotificationBell />} />
        <Route path="/tickets/:id" element={<p>Ticket page</p>} />
      </Routes>
    </MemoryRouter>,
  );

afterEach(() => vi.unstubAllGlobals());

describe('the notifications bell', () => {
  it('shows the unread count on its badge, and none at 0', async () => {
    stubApi();
    renderBell();
    expect((await screen.findByTestId('notifications-count')).textContent).toBe('2');
    expect(screen.getByRole('button', { name: 'Notifications' })).toBeTruthy();
  });

  it('hides the badge when all are read', async () => {
    stubApi(NOTIFICATIONS.map((n) => ({ ...n, read: true })));
    renderBell();
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('notifications-count')).toBeNull();
  });

  it('lists the notifications in words, unread ones bold', async () => {
    stubApi();
    renderBell();
    await screen.findByTestId('notifications-count');
    fireEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    const items = await screen.findAllByTestId('notification');
    expect(items.map((i) => i.querySelector('[data-testid=notification-text]')!.textContent)).toEqual([
      'The customer replied on #12 Printer on fire',
      'Alex mentioned you on #12 Printer on fire',
      'Alex assigned #12 Printer on fire to you',
    ]);
    expect(items.map((i) => i.hasAttribute('data-unread'))).toEqual([true, true, false]);
    expect(getComputedStyle(items[0].querySelector<HTMLElement>('[data-testid=notification-text]')!).fontWeight).toBe(
      '700',
    );
  });

  it('opens the ticket of a notification and marks it read', async () => {
    const writes = stubApi();
    renderBell();
    await screen.findByTestId('notifications-count');
    fireEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    fireEvent.click((await screen.findAllByTestId('notification'))[1]);
    expect(await screen.findByText('Ticket page')).toBeTruthy();
    await waitFor(() => expect(writes).toEqual([{ path: '/api/v1/notifications/read', body: { ids: [2] } }]));
  });

  it('marks all as read with `{all: true}`, and the badge goes', async () => {
    const writes = stubApi();
    renderBell();
    await screen.findByTestId('notifications-count');
    fireEvent.click(screen.getByRole('button', { name: 'Notifications' }));
    fireEvent.click(await screen.findByText('Mark all as read'));
    await waitFor(() => expect(writes).toEqual([{ path: '/api/v1/notifications/read', body: { all: true } }]));
    await waitFor(() => expect(screen.queryByTestId('notifications-count')).toBeNull());
  });
});
