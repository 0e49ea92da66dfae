import { screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RequireSession } from '../auth/session';
import { renderWithProviders } from '../test/render';
import AdminArea from './AdminArea';

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

/** Stands in for the API: `failed` messages in the spool's failed list, empty lists elsewhere. */
function stubApi(failed: number, more = false) {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const url = new URL(request.url);
      asked.push(url.pathname + url.search);
      if (url.pathname === '/api/v1/auth/me')
        return json({ user: { id: 1, name: 'Ada', email: 'ada@example.test', role: 'admin' }, csrfToken: 't' });
      // Set up: no checklist above the tabs.
      if (url.pathname === '/api/v1/setup') return json({ ready: true, steps: [], mailOut: {}, domains: [] });
      if (url.pathname === '/api/v1/inbound' && url.searchParams.get('status') === 'failed')
        return json({
          items: Array.from({ length: failed }, (_, i) => ({ id: i + 1 })),
          nextCursor: more ? 'x' : null,
        });
      return json({ items: [], nextCursor: null });
    }),
  );
  return asked;
}

const renderAdmin = () =>
  renderWithProviders(
    <RouterProvider
      router={createMemoryRouter(
        [
          {
            path: '/admin/*',
            element: (
              <RequireSession>
                <AdminArea />
              </RequireSession>
            ),
          },
        ],
        { initialEntries: ['/admin/users'] },
      )}
    />,
  );

afterEach(() => vi.unstubAllGlobals());

describe('admin area', () => {
  it('badges the inbound spool tab with the count of failed messages', async () => {
    stubApi(3);
    renderAdmin();
    expect(
      (await screen.findByLabelText('3 received messages failed processing', {}, { timeout: 5000 })).textContent,
    ).toBe('3');
  });

  it('says 100+ when there are more than a page of them', async () => {
    stubApi(100, true);
    renderAdmin();
    expect(
      (await screen.findByLabelText('100+ received messages failed processing', {}, { timeout: 5000 })).textContent,
    ).toBe('100+');
  });

  it('shows no badge when nothing failed', async () => {
    const asked = stubApi(0);
    renderAdmin();
    await waitFor(() => expect(asked.some((a) => a.includes('status=failed'))).toBe(true), { timeout: 5000 });
    expect(screen.queryByLabelText(/failed processing/)).toBeNull();
  });
});
