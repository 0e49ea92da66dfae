import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { SsoProvidersAdmin } from './SsoProvidersAdmin';
import { TwoFactorPolicyAdmin } from './TwoFactorPolicyAdmin';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const acme = {
  id: 3,
  name: 'Acme ID',
  issuer: 'https://login.acme.example',
  clientId: 'helpdesk',
  clientSecretSet: true,
  emailClaim: 'email',
  allowedDomains: ['acme.example'],
  autoCreateAgents: false,
  enforced: true,
  redirectUri: 'https://help.acme.example/api/v1/auth/oidc/3/callback',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

/** Stands in for the API: one provider, a 2FA policy that is off; records every write. */
function stubApi() {
  const writes: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET')
        return path === '/api/v1/settings/two-factor'
          ? json({ required: false })
          : json({ items: [acme], nextCursor: null });
      const body = request.method === 'DELETE' ? undefined : await request.json();
      writes.push({ method: request.method, path, body });
      return request.method === 'DELETE' ? new Response(null, { status: 204 }) : json({ ...acme, ...(body as object) });
    }),
  );
  return writes;
}

/** Opens the provider's form, lets `fill` change it, saves, and answers the body the API got. */
async function editAndSave(writes: { body: unknown }[], fill: () => void = () => undefined) {
  fireEvent.click(await screen.findByRole('button', { name: 'Edit' }));
  const dialog = await screen.findByRole('dialog', { name: 'Edit Acme ID' });
  fill();
  fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  return writes.at(-1)!.body as Record<string, unknown>;
}

afterEach(() => vi.unstubAllGlobals());

describe('single sign-on providers', () => {
  it('keeps the client secret write-only: "set" shown, left out when untouched, null when removed, replaced when typed', async () => {
    const writes = stubApi();
    renderWithProviders(<SsoProvidersAdmin />);
    const row = await screen.findByTestId('sso-provider-row');
    expect(within(row).getByText('set')).toBeTruthy();

    const untouched = await editAndSave(writes, () => {
      expect(screen.getByText(/^Stored: set\./)).toBeTruthy();
      expect((screen.getByLabelText('Client secret') as HTMLInputElement).value).toBe('');
      expect((screen.getByLabelText('Redirect URI') as HTMLInputElement).value).toBe(acme.redirectUri);
    });
    expect(untouched).toEqual({
      name: 'Acme ID',
      issuer: 'https://login.acme.example',
      clientId: 'helpdesk',
      emailClaim: 'email',
      allowedDomains: ['acme.example'],
      autoCreateAgents: false,
      enforced: true,
    });
    expect(writes.at(-1)).toMatchObject({ method: 'PATCH', path: '/api/v1/auth/providers/3' });

    const removed = await editAndSave(writes, () => fireEvent.click(screen.getByLabelText('Remove the stored secret')));
    expect(removed.clientSecret).toBeNull();

    const replaced = await editAndSave(writes, () =>
      fireEvent.change(screen.getByLabelText('Client secret'), { target: { value: 'new-secret' } }),
    );
    expect(replaced.clientSecret).toBe('new-secret');
  });

  it('asks before deleting, naming the provider and what is lost, and deletes only when confirmed', async () => {
    const writes = stubApi();
    renderWithProviders(<SsoProvidersAdmin />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete Acme ID?' });
    expect(dialog.textContent).toContain('stored client secret are lost');
    expect(dialog.textContent).toContain('agents sign in with a password again');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(writes).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    fireEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete Acme ID' }));
    await waitFor(() =>
      expect(writes).toEqual([{ method: 'DELETE', path: '/api/v1/auth/providers/3', body: undefined }]),
    );
  });
});

describe('two-factor policy', () => {
  it('turns the requirement on only once confirmed', async () => {
    const writes = stubApi();
    renderWithProviders(<TwoFactorPolicyAdmin />);
    fireEvent.click(await screen.findByRole('switch', { name: /^Require two-factor for every password sign-in/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Require two-factor sign-in?' });
    expect(writes).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Require it' }));
    await waitFor(() =>
      expect(writes).toEqual([{ method: 'PUT', path: '/api/v1/settings/two-factor', body: { required: true } }]),
    );
  });
});
