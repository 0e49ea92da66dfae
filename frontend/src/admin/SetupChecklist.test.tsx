import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { RelayAdmin } from './RelayAdmin';
import { SetupChecklist } from './SetupChecklist';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const check = (result: string, detail: string | null = null) => ({ result, detail });
const setup = (ready: boolean) => ({
  ready,
  steps: [
    { key: 'mailbox', status: 'done', required: true, detail: 'support@acme.test' },
    { key: 'outgoing', status: 'failing', required: true, detail: 'The relay fails: 535 Authentication failed.' },
    { key: 'dns', status: 'unknown', required: false, detail: 'DNS could not be checked from here' },
    { key: 'licence', status: 'todo', required: false, detail: "No licence: the free tier's 3 seats apply" },
  ],
  mailOut: {},
  domains: [
    {
      domain: 'acme.test',
      mx: check('unknown', 'could not check: ETIMEOUT'),
      spf: check('found', 'v=spf1 -all'),
      dkim: check('missing', 'no DKIM key is set here'),
      dmarc: check('found', 'v=DMARC1; p=none'),
    },
  ],
});

afterEach(() => vi.unstubAllGlobals());

describe('setup checklist', () => {
  it('lists each step with its state, what is wrong and where it is fixed', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json(setup(false))),
    );
    renderWithProviders(
      <MemoryRouter>
        <SetupChecklist />
      </MemoryRouter>,
    );
    await screen.findByTestId('setup-checklist');
    const outgoing = screen.getByTestId('setup-step-outgoing');
    expect(outgoing.textContent).toContain('failing');
    expect(outgoing.textContent).toContain('535 Authentication failed');
    expect(within(outgoing).getByRole('link', { name: 'Fix' }).getAttribute('href')).toBe('/admin/relay');
    const mailbox = screen.getByTestId('setup-step-mailbox');
    expect(mailbox.textContent).toContain('done');
    expect(within(mailbox).queryByRole('link')).toBeNull();
    expect(screen.getByTestId('setup-step-dns').textContent).toContain('acme.test MX: could not check: ETIMEOUT');
    expect(screen.getByTestId('setup-step-licence').textContent).toContain('(optional)');
    expect(within(screen.getByTestId('setup-step-licence')).getByRole('link').getAttribute('href')).toBe(
      '/admin/licence',
    );
  });

  it('goes away once the help desk is ready', async () => {
    const fetch = vi.fn(async () => json(setup(true)));
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(
      <MemoryRouter>
        <SetupChecklist />
      </MemoryRouter>,
    );
    await waitFor(() => expect(fetch).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByTestId('setup-checklist')).toBeNull();
  });
});

describe('relay test mail', () => {
  it("sends the test mail to the address typed and shows the relay's answer or error", async () => {
    const sent: unknown[] = [];
    let ok = false;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        if (path === '/api/v1/settings/relay') return json({ url: 'smtp://u:****@relay.test:587', source: 'settings' });
        sent.push(await request.json());
        return json({
          ok,
          relay: 'smtp://u:****@relay.test:587',
          from: 'support@acme.test',
          response: ok ? '250 queued as 1' : null,
          error: ok ? null : 'connect ECONNREFUSED 127.0.0.1:587',
          at: '2026-01-01T00:00:00Z',
        });
      }),
    );
    renderWithProviders(<RelayAdmin />);
    fireEvent.change(await screen.findByLabelText('To'), { target: { value: 'me@acme.test' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send test mail' }));
    expect((await screen.findByTestId('relay-test-result')).textContent).toContain(
      'The relay did not take it: connect ECONNREFUSED 127.0.0.1:587',
    );
    expect(sent).toEqual([{ to: 'me@acme.test' }]);
    ok = true;
    fireEvent.click(screen.getByRole('button', { name: 'Send test mail' }));
    await waitFor(() =>
      expect(screen.getByTestId('relay-test-result').textContent).toContain('The relay took it: 250 queued as 1'),
    );
  });
});
