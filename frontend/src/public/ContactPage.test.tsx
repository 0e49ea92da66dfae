import { fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import ContactPage from './ContactPage';

afterEach(() => vi.unstubAllGlobals());

const fill = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('ContactPage', () => {
  it('sends what the customer typed (honeypot left empty) and shows the ticket number', async () => {
    const fetch = vi.fn(
      async () => new Response(JSON.stringify({ ticketNumber: 17, portalUrl: 'http://h/portal/abc' }), { status: 202 }),
    );
    vi.stubGlobal('fetch', fetch);
    renderWithProviders(
      <MemoryRouter>
        <ContactPage />
      </MemoryRouter>,
    );
    fill(/Your name/, 'Gina');
    fill(/Your email/, 'gina@example.org');
    fill(/^Subject/, 'Invoice');
    fill(/How can we help/, 'Charged twice');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(/ticket #17/);
    expect(fetch).toHaveBeenCalledTimes(1);
    const [request] = fetch.mock.calls[0] as unknown as [Request];
    expect([request.method, new URL(request.url).pathname]).toEqual(['POST', '/api/v1/public/contact']);
    expect(await request.json()).toEqual({
      name: 'Gina',
      email: 'gina@example.org',
      subject: 'Invoice',
      message: 'Charged twice',
      website: '',
    });
    expect(screen.getByRole('link', { name: 'Follow your request here' }).getAttribute('href')).toBe('/portal/abc');
  });

  it('says so when rate-limited', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () => new Response(JSON.stringify({ statusCode: 429, message: 'Too Many Requests' }), { status: 429 }),
      ),
    );
    renderWithProviders(
      <MemoryRouter>
        <ContactPage />
      </MemoryRouter>,
    );
    fill(/Your name/, 'G');
    fill(/Your email/, 'g@example.org');
    fill(/^Subject/, 'S');
    fill(/How can we help/, 'M');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/Too many requests/));
  });
});
