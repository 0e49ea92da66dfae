import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Config } from '../config/config';
import { isPublicAddress } from './address-guard';
import { verify } from './signature';
import { WebhookSender } from './webhook-sender.service';

describe('webhook address guard', () => {
  it('judges loopback, private, link-local, shared, reserved and mapped addresses not public', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fc00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not-an-address',
    ])
      expect([a, isPublicAddress(a)]).toEqual([a, false]);
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:93.184.216.34'])
      expect([a, isPublicAddress(a)]).toEqual([a, true]);
  });
});

describe('WebhookSender', () => {
  let server: Server;
  let port: number;
  const received: { req: IncomingMessage; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ req, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((r) => server.close(r)));
  beforeEach(() => (received.length = 0));

  const sender = (allowPrivate: boolean) =>
    new WebhookSender({ webhooks: { allowPrivate, timeoutMs: 5000 } } as unknown as Config);
  const delivery = (url: string) => ({
    url,
    secret: 's3cret',
    body: JSON.stringify({ id: 'd-1', event: 'ticket.created' }),
    deliveryId: 'd-1',
    event: 'ticket.created',
  });

  it('refuses loopback and private receivers by default, by literal address and by name, and sends nothing', async () => {
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      `http://10.0.0.1:${port}/hook`,
      `http://169.254.169.254/latest/meta-data`,
    ]) {
      const out = await sender(false).post(delivery(url));
      expect(out).toMatchObject({ ok: false, status: null });
      expect(out.error).toMatch(
        /^refused: .* is not a public address \(HELPDESK_WEBHOOKS_ALLOW_PRIVATE=true allows it\)$/,
      );
    }
    // A name is judged by what it resolves to, when the socket connects.
    const byName = await sender(false).post(delivery(`http://localhost:${port}/hook`));
    expect(byName).toMatchObject({ ok: false, status: null });
    expect(byName.error).toMatch(/^refused: localhost resolves to .*not a public address/);
    expect(received).toEqual([]);
  });

  it('delivers to a private receiver when HELPDESK_WEBHOOKS_ALLOW_PRIVATE is on, signed over the exact body', async () => {
    for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`]) {
      const d = delivery(url);
      const out = await sender(true).post(d);
      expect(out).toMatchObject({ ok: true, status: 204, error: null });
      const got = received.pop()!;
      expect(got.body).toBe(d.body);
      expect(got.req.headers['x-helpdesk-delivery']).toBe('d-1');
      expect(verify('s3cret', got.body, String(got.req.headers['x-helpdesk-signature']))).toBe(true);
      expect(verify('other', got.body, String(got.req.headers['x-helpdesk-signature']))).toBe(false);
    }
  });

  it('says what is wrong with a URL that is not one', async () => {
    expect(await sender(true).post(delivery('not a url'))).toMatchObject({ ok: false, error: 'not a URL' });
  });
});
