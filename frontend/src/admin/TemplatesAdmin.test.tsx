import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { TemplatesAdmin } from './TemplatesAdmin';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const ack = {
  key: 'customer_acknowledgement',
  subject: 'We received your request: {{ticket.subject}}',
  body: 'Hello {{customer.name}}',
  enabled: true,
  placeholders: ['customer.name', 'ticket.subject'],
};

/** Stands in for the API: one template; records every write and answers previews as the server would. */
function stubApi(template = ack) {
  const writes: { method: string; path: string; body: Record<string, unknown> }[] = [];
  let current = { ...template };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      const path = new URL(request.url).pathname;
      if (request.method === 'GET') return json([current]);
      const body = (await request.json()) as Record<string, unknown>;
      writes.push({ method: request.method, path, body });
      if (path.endsWith('/preview')) {
        if (String(body.body).includes('{{agent.name}}'))
          return json({ message: 'body: unknown placeholders {{agent.name}}', fields: { body: ['unknown'] } }, 400);
        const fill = (s: unknown) =>
          String(s).replace('{{customer.name}}', 'Dana Example').replace('{{ticket.subject}}', 'My order');
        return json({ subject: fill(body.subject), text: fill(body.body), html: `<div>${fill(body.body)}</div>` });
      }
      current = { ...current, ...body };
      return json(current);
    }),
  );
  return writes;
}

afterEach(() => vi.unstubAllGlobals());

describe('mail templates', () => {
  it('previews the wording being edited with sample values, saving nothing', async () => {
    const writes = stubApi();
    renderWithProviders(<TemplatesAdmin />);
    const form = await screen.findByTestId('template-customer_acknowledgement');
    fireEvent.change(within(form).getByLabelText('Body', { exact: false }), {
      target: { value: 'Dear {{customer.name}}, about {{ticket.subject}}' },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Preview' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('template-preview-text').textContent).toBe('Dear Dana Example, about My order');
    expect(within(dialog).getByText('We received your request: My order')).toBeTruthy();
    expect(writes.map((w) => [w.method, w.path])).toEqual([
      ['POST', '/api/v1/mail-templates/customer_acknowledgement/preview'],
    ]);
  });

  it('says what is wrong with a wording the preview refuses', async () => {
    stubApi();
    renderWithProviders(<TemplatesAdmin />);
    const form = await screen.findByTestId('template-customer_acknowledgement');
    fireEvent.change(within(form).getByLabelText('Body', { exact: false }), { target: { value: 'Hi {{agent.name}}' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Preview' }));
    expect((await within(form).findByRole('alert')).textContent).toContain('{{agent.name}}');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('switches a mail off and on with only `enabled`, and says when it is off', async () => {
    const writes = stubApi();
    renderWithProviders(<TemplatesAdmin />);
    const form = await screen.findByTestId('template-customer_acknowledgement');
    fireEvent.click(within(form).getByRole('switch', { name: 'Send this mail' }));
    await waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toEqual({
      method: 'PUT',
      path: '/api/v1/mail-templates/customer_acknowledgement',
      body: { enabled: false },
    });
    expect(await within(form).findByText('Switched off: this mail is not sent.')).toBeTruthy();
    fireEvent.click(within(form).getByRole('switch', { name: 'Send this mail' }));
    await waitFor(() => expect(writes).toHaveLength(2));
    expect(writes[1].body).toEqual({ enabled: true });
    await waitFor(() => expect(within(form).queryByText('Switched off: this mail is not sent.')).toBeNull());
  });
});
