import { screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { MailOutBanner } from './MailOutBanner';

const role = vi.hoisted(() => ({ current: 'agent' }));
vi.mock('../auth/session', () => ({ useSession: () => ({ user: { id: 1, role: role.current } }) }));

const status = (over: Record<string, unknown>) => ({
  canSend: false,
  problem: 'no_relay',
  lastError: null,
  failingSince: null,
  waiting: 0,
  waitingReplies: 0,
  oldestWaitingAt: null,
  waitingReason: null,
  ...over,
});
const answer = (body: unknown) =>
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } })),
  );
const show = () =>
  renderWithProviders(
    <MemoryRouter>
      <MailOutBanner />
    </MemoryRouter>,
  );

afterEach(() => {
  vi.unstubAllGlobals();
  role.current = 'agent';
});

describe('the banner when replies cannot go out', () => {
  it('says there is no relay and how many mails wait, and whom to ask', async () => {
    answer(status({ waiting: 76, waitingReplies: 16 }));
    show();
    const banner = await screen.findByTestId('mail-out-banner');
    expect(banner.textContent).toContain('no outbound relay is configured');
    expect(banner.textContent).toContain('76 mails wait in the outbox (16 replies)');
    expect(banner.textContent).toContain('An administrator fixes this');
    expect(screen.getByRole('alert')).toBe(banner);
  });

  it("names the failing relay's error, and gives admins the way to the relay page", async () => {
    role.current = 'admin';
    answer(status({ problem: 'relay_failing', lastError: '535 Authentication failed', waiting: 1, waitingReplies: 1 }));
    show();
    const banner = await screen.findByTestId('mail-out-banner');
    expect(banner.textContent).toContain('the outbound relay fails (535 Authentication failed)');
    expect(banner.textContent).toContain('1 mail waits in the outbox (1 reply)');
    expect(screen.getByRole('link', { name: 'Set up the relay' }).getAttribute('href')).toBe('/admin/relay');
  });

  it('shows nothing while mail goes out', async () => {
    answer(status({ canSend: true, problem: null }));
    show();
    await waitFor(() => expect(vi.mocked(fetch)).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('mail-out-banner')).toBeNull();
  });
});
