import { fireEvent, screen, waitFor } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { ForgotPasswordPage, SetPasswordPage } from './PasswordPages';

afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body?: unknown) =>
  new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });

/** Stands in for the API, answering each POST with `answer`; records what was posted. */
function stubApi(answer: (path: string, body: any) => Response) {
  const posted: { path: string; body: any }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      const body = await request.json();
      posted.push({ path, body });
      return answer(path, body);
    }),
  );
  return posted;
}

function renderAt(path: string) {
  const router = createMemoryRouter(
    [
      { path: '/forgot-password', element: <ForgotPasswordPage /> },
      { path: '/reset-password', element: <SetPasswordPage /> },
      { path: '/login', element: <div>sign-in page</div> },
    ],
    { initialEntries: [path] },
  );
  renderWithProviders(<RouterProvider router={router} />);
  return router;
}

describe('forgot password', () => {
  it('sends the address and says the same whatever the account', async () => {
    const posted = stubApi(() => json(202, { message: 'queued' }));
    renderAt('/forgot-password');
    fireEvent.change(await screen.findByLabelText(/Email/), { target: { value: ' dana@example.com ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send link' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/If this address has an account/);
    expect(posted).toEqual([{ path: '/api/v1/auth/password-reset', body: { email: 'dana@example.com' } }]);
  });
});

describe('set-password page', () => {
  const fill = async (a: string, b: string) => {
    fireEvent.change(await screen.findByLabelText(/New password/), { target: { value: a } });
    fireEvent.change(screen.getByLabelText(/Repeat the password/), { target: { value: b } });
    fireEvent.click(screen.getByRole('button', { name: 'Set password' }));
  };

  it('sets the password with the link’s token, then goes to sign-in', async () => {
    const posted = stubApi(() => new Response(null, { status: 204 }));
    const router = renderAt('/reset-password?token=tok-123');
    await fill('a-new-password-1', 'a-new-password-2');
    expect(await screen.findByText('The passwords differ')).toBeTruthy();
    expect(posted).toHaveLength(0);
    await fill('a-new-password-1', 'a-new-password-1');
    await waitFor(() => expect(router.state.location.pathname).toBe('/login'));
    expect(router.state.location.search).toBe('?passwordSet=1');
    expect(posted).toEqual([
      { path: '/api/v1/auth/password-reset/confirm', body: { token: 'tok-123', password: 'a-new-password-1' } },
    ]);
  });

  it('says why an expired (or used) link does not work and offers a new one', async () => {
    stubApi(() =>
      json(400, { statusCode: 400, reason: 'expired', message: 'This link has expired. Ask for a new one.' }),
    );
    renderAt('/reset-password?token=old');
    await fill('a-new-password-1', 'a-new-password-1');
    expect((await screen.findByRole('alert')).textContent).toMatch(/This link has expired/);
    expect(screen.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/forgot-password');
  });

  it('explains a link without its token', async () => {
    renderAt('/reset-password');
    expect((await screen.findByRole('alert')).textContent).toMatch(/incomplete/);
  });
});
