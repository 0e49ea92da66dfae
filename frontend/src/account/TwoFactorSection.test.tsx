import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { EnrolTwoFactor } from './TwoFactorSection';

afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('EnrolTwoFactor', () => {
  it('shows the key as a QR code and as text, confirms with a code and shows the recovery codes once', async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `aaaa-bbbb-cccc-000${i}`);
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) =>
        request.url.endsWith('/confirm')
          ? json(200, { recoveryCodes: codes })
          : json(201, {
              secret: 'JBSWY3DPEHPK3PXP',
              otpauthUrl: 'otpauth://totp/Helpdesk:dana?secret=JBSWY3DPEHPK3PXP',
            }),
      ),
    );
    const done = vi.fn();
    renderWithProviders(<EnrolTwoFactor required onDone={done} />);
    expect(screen.getByText(/administrators require two-factor/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Set up two-factor sign-in' }));

    const qr = await screen.findByAltText('QR code for your authenticator app');
    expect(qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(screen.getByTestId('totp-secret').textContent).toBe('JBSWY3DPEHPK3PXP');

    fireEvent.change(screen.getByLabelText(/Code/), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn on' }));
    await screen.findByText('aaaa-bbbb-cccc-0009');
    expect(screen.getByTestId('recovery-codes').children).toHaveLength(10);
    fireEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() => expect(done).toHaveBeenCalled());
  });
});
