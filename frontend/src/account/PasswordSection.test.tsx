import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { PasswordSection } from './PasswordSection';

afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('own password', () => {
  it('needs the current password: a wrong one is shown on its field; a right one changes it', async () => {
    const sent: any[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const body = await request.json();
        sent.push({ method: request.method, path: new URL(request.url).pathname, body });
        return body.currentPassword === 'right-password'
          ? json(200, { id: 1, name: 'Dana', email: 'dana@example.com', role: 'agent' })
          : json(401, { message: 'currentPassword is wrong', fields: { currentPassword: ['is wrong'] } });
      }),
    );
    renderWithProviders(<PasswordSection />);
    const current = screen.getByLabelText(/Current password/);
    fireEvent.change(current, { target: { value: 'wrong-password' } });
    fireEvent.change(screen.getByLabelText(/New password/), { target: { value: 'brand-new-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    expect(await screen.findByText('This is not your current password.')).toBeTruthy();
    fireEvent.change(current, { target: { value: 'right-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect((current as HTMLInputElement).value).toBe(''));
    expect(sent.at(-1)).toEqual({
      method: 'PATCH',
      path: '/api/v1/auth/me',
      body: { currentPassword: 'right-password', newPassword: 'brand-new-password' },
    });
  });
});
