import { fireEvent, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import ContactPage from './ContactPage';

afterEach(() => vi.unstubAllGlobals());

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Stands in for the API: `forms` offered on GET /public/forms; POST /public/contact answers with `contact()`. */
function stubApi(forms: unknown[], contact: () => Response) {
  const posts: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      if (request.method === 'GET') return json(forms);
      posts.push(request);
      return contact();
    }),
  );
  return posts;
}

const renderPage = () =>
  renderWithProviders(
    <MemoryRouter>
      <ContactPage />
    </MemoryRouter>,
  );

const billing = {
  id: 3,
  name: 'Billing question',
  description: 'Invoices and payments',
  fields: [
    {
      key: 'plan',
      label: 'Plan',
      description: '',
      type: 'dropdown',
      options: [
        { value: 'free', label: 'Free', active: true },
        { value: 'pro', label: 'Pro', active: true },
      ],
      pattern: null,
    },
    { key: 'seats', label: 'Seats', description: '', type: 'number', options: [], pattern: null },
    { key: 'invoice', label: 'Invoice number', description: '', type: 'regex', options: [], pattern: 'INV-[0-9]{4}' },
  ],
};

const fill = (label: RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('ContactPage', () => {
  it('sends what the customer typed (honeypot left empty) and shows the ticket number', async () => {
    const posts = stubApi([], () => json({ ticketNumber: 17, portalUrl: 'http://h/portal/abc' }, 202));
    renderPage();
    fill(/Your name/, 'Gina');
    fill(/Your email/, 'gina@example.org');
    fill(/^Subject/, 'Invoice');
    fill(/How can we help/, 'Charged twice');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(/ticket #17/);
    expect(posts).toHaveLength(1);
    const [request] = posts;
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
    stubApi([], () => json({ statusCode: 429, message: 'Too Many Requests' }, 429));
    renderPage();
    fill(/Your name/, 'G');
    fill(/Your email/, 'g@example.org');
    fill(/^Subject/, 'S');
    fill(/How can we help/, 'M');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('alert').textContent).toMatch(/Too many requests/));
  });

  it("lets the customer pick a form and sends its fields' values, numbers as numbers", async () => {
    const posts = stubApi([billing], () => json({ ticketNumber: 18, portalUrl: null }, 202));
    renderPage();
    fill(/Your name/, 'Gina');
    fill(/Your email/, 'gina@example.org');
    fill(/^Subject/, 'Invoice');
    fill(/How can we help/, 'Charged twice');
    expect(screen.queryByLabelText('Plan', { selector: 'input' })).toBeNull();
    fireEvent.click(await screen.findByLabelText('What is it about?', { selector: 'input' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Billing question', hidden: true }));
    expect(await screen.findByText('Invoices and payments')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Plan', { selector: 'input' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Pro', hidden: true }));
    fill(/^Seats/, '12');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(/ticket #18/);
    expect(await posts[0].json()).toEqual({
      name: 'Gina',
      email: 'gina@example.org',
      subject: 'Invoice',
      message: 'Charged twice',
      website: '',
      formId: 3,
      fields: { plan: 'pro', seats: 12 },
    });
  });

  it("shows what the API refused of a field's value next to it", async () => {
    stubApi([billing], () =>
      json(
        {
          statusCode: 400,
          message: 'fields.invoice: does not match INV-[0-9]{4}',
          fields: { 'fields.invoice': ['does not match INV-[0-9]{4}'] },
        },
        400,
      ),
    );
    renderPage();
    fill(/Your name/, 'G');
    fill(/Your email/, 'g@example.org');
    fill(/^Subject/, 'S');
    fill(/How can we help/, 'M');
    fireEvent.click(await screen.findByLabelText('What is it about?', { selector: 'input' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Billing question', hidden: true }));
    fill(/^Invoice number/, 'nope');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('does not match INV-[0-9]{4}');
    expect(screen.getByLabelText(/^Invoice number/).getAttribute('aria-invalid')).toBe('true');
  });
});
