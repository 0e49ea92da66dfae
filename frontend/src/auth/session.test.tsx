import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { RequireSession, useSession } from './session';

function Where() {
  const l = useLocation();
  return <div data-testid="where">{l.pathname + l.search}</div>;
}
function Private() {
  const { user } = useSession();
  return (
    <div>
      hello {user.name}
      <button onClick={() => void api.GET('/api/v1/tickets').catch(() => undefined)}>load</button>
    </div>
  );
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/login', element: <Where /> },
      {
        path: '/tickets/:id',
        element: (
          <RequireSession>
            <Private />
          </RequireSession>
        ),
      },
    ],
    { initialEntries: [path] },
  );
  render(
    <MantineProvider>
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return router;
}

afterEach(() => vi.unstubAllGlobals());

describe('RequireSession', () => {
  it('sends a visitor without a session to sign-in, remembering the page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(401, { statusCode: 401, message: 'Sign in first' })),
    );
    renderAt('/tickets/12?x=1');
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/login?from=%2Ftickets%2F12%3Fx%3D1'));
  });

  it('shows the page with a session, and goes to sign-in marked "expired" when a later call gets 401', async () => {
    const fetch = vi.fn(async (request: Request) =>
      new URL(request.url).pathname === '/api/v1/auth/me'
        ? json(200, { user: { id: 1, name: 'Dana' }, csrfToken: 't' })
        : json(401, {}),
    );
    vi.stubGlobal('fetch', fetch);
    const router = renderAt('/tickets/12');
    await screen.findByText('hello Dana');
    screen.getByRole('button', { name: 'load' }).click();
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    const params = new URLSearchParams(router.state.location.search);
    expect(params.get('expired')).toBe('1');
  });

  it('shows only the two-factor enrolment while the admins require it of this user, then the page', async () => {
    let enrolled = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        if (path === '/api/v1/auth/me')
          return json(200, { user: { id: 1, name: 'Dana' }, csrfToken: 't', mustEnrolTotp: !enrolled });
        if (path === '/api/v1/auth/me/totp')
          return json(201, {
            secret: 'JBSWY3DPEHPK3PXP',
            otpauthUrl: 'otpauth://totp/Helpdesk:dana?secret=JBSWY3DPEHPK3PXP',
          });
        enrolled = true;
        return json(200, { recoveryCodes: ['aaaa-bbbb'] });
      }),
    );
    renderAt('/tickets/12');
    await screen.findByText(/administrators require two-factor/);
    expect(screen.queryByText('hello Dana')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));
    fireEvent.change(await screen.findByLabelText(/Code/), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Done' }));
    await screen.findByText('hello Dana');
  });
});
