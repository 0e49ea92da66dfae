import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { InboundAdmin } from './InboundAdmin';

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

const row = (id: number, subject: string | null) => ({
  id,
  status: 'failed',
  mailboxId: 1,
  subject,
  size: 2048,
  envelopeFrom: 'pat@example.org',
  envelopeTo: ['support@acme.test'],
  peerIp: '192.0.2.1',
  helo: 'mx.example.org',
  tls: false,
  receivedAt: '2026-01-05T09:30:00Z',
  processedAt: null,
  attempts: 3,
  reason: 'refused',
  ticketId: null,
  messageId: null,
  auth: null,
});

afterEach(() => vi.unstubAllGlobals());

describe('inbound spool', () => {
  it('names each message by its subject, and says when it has none', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => json({ items: [row(1, 'Order 42 never arrived'), row(2, null)], nextCursor: null })),
    );
    renderWithProviders(<InboundAdmin />);
    expect(await screen.findByText('Order 42 never arrived')).toBeTruthy();
    expect(screen.getByText('(no subject)')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Subject' })).toBeTruthy();
  });
});
