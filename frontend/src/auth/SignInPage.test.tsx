import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { SignInPage } from './SignInPage';

afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/login', element: <SignInPage /> },
      { path: '*', element: <div>landed</div> },
    ],
    { initialEntries: [path] },
  );
  renderWithProviders(<RouterProvider router={router} />);
  return router;
}

const user = { id: 1, name: 'Dana', email: 'dana@example.com', role: 'agent' };

describe('SignInPage', () => {
  it('offers "Sign in with <name>" for each provider, returning to the page asked for', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(200, {
          items: [{ id: 3, name: 'Acme ID', enforced: true, startUrl: '/api/v1/auth/oidc/3/start' }],
          nextCursor: null,
        }),
      ),
    );
    renderAt('/login?from=%2Ftickets%2F9');
    const link = await screen.findByRole('link', { name: 'Sign in with Acme ID' });
    expect(link.getAttribute('href')).toBe('/api/v1/auth/oidc/3/start?returnTo=%2Ftickets%2F9');
  });

  it('asks for the code after the password when two-factor is on, then signs in', async () => {
    const posted: { path: string; body: unknown }[] = [];
    const fetch = vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (path.endsWith('/providers/public')) return json(200, { items: [], nextCursor: null });
      const body = await request.json();
      posted.push({ path, body });
      if (path === '/api/v1/auth/login') return json(200, { twoFactorRequired: true, challenge: 'chal-123' });
      return body.code === '654321'
        ? json(200, { user, csrfToken: 'csrf', mustEnrolTotp: false })
        : json(401, { statusCode: 401, message: 'Wrong or already used code', fields: { code: ['is wrong'] } });
    });
    vi.stubGlobal('fetch', fetch);
    const router = renderAt('/login?from=%2Ftickets%2F9');
    signInWithPassword();

    await screen.findByRole('heading', { name: 'Two-factor sign-in' });
    fireEvent.change(screen.getByLabelText(/Code/), { target: { value: '111111' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await screen.findByRole('alert');
    expect(screen.getByRole('alert').textContent).toBe('Wrong or already used code');

    fireEvent.change(screen.getByLabelText(/Code/), { target: { value: ' 654321 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/tickets/9'));
    expect(posted.at(-1)).toEqual({ path: '/api/v1/auth/login/totp', body: { challenge: 'chal-123', code: '654321' } });
  });

  it('goes back to the password, saying why, when the challenge has expired', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        if (path.endsWith('/providers/public')) return json(200, { items: [], nextCursor: null });
        if (path === '/api/v1/auth/login') return json(200, { twoFactorRequired: true, challenge: 'chal-1' });
        return json(401, { statusCode: 401, message: 'This sign-in has expired; enter your password again' });
      }),
    );
    renderAt('/login');
    signInWithPassword();
    await screen.findByRole('heading', { name: 'Two-factor sign-in' });
    fireEvent.change(screen.getByLabelText(/Code/), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await screen.findByRole('heading', { name: 'Sign in to Helpdesk' });
    expect(screen.getByRole('alert').textContent).toBe('This sign-in has expired; enter your password again');
  });
});

function signInWithPassword() {
  fireEvent.change(screen.getByLabelText(/Email/), { target: { value: 'dana@example.com' } });
  fireEvent.change(screen.getByLabelText(/Password/), { target: { value: 'secret-password' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}
