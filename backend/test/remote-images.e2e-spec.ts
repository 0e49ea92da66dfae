import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { HttpClient } from './support/http-client';
import { eventually, sendMail } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
);

/**
 * Remote images in mail (issue 18): blocked in the stored HTML, fetched on request by the
 * api from a sender's server (here a local one, allowed by its exact origin), with the
 * guard of webhooks against private addresses on every hop, a size cap and image types only.
 */
describe('remote images', () => {
  let t: TestApp;
  let server: Server;
  let origin: string;
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let ticketId: number;
  let message: { id: number; bodyHtml: string; remoteImages: number };
  const image = (n: number, client: HttpClient = t.admin) =>
    client.get(`/api/v1/tickets/${ticketId}/messages/${message.id}/remote-images/${n}`);

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url!, headers: req.headers });
      const port = (server.address() as AddressInfo).port;
      switch (req.url) {
        case '/logo.png':
          return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
        case '/to-localhost.png': // the same server under a name that resolves to loopback: not the allowed origin
          return res.writeHead(302, { location: `http://localhost:${port}/logo.png` }).end();
        case '/to-private.png':
          return res.writeHead(301, { location: 'http://10.1.2.3/logo.png' }).end();
        case '/huge.png': {
          res.writeHead(200, { 'content-type': 'image/png' }); // no length: the cap counts the bytes
          res.write(PNG);
          const mb = Buffer.alloc(1024 * 1024);
          for (let i = 0; i < 6; i++) res.write(mb);
          return res.end();
        }
        case '/page.html':
          return res.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>');
        case '/icon.svg':
          return res
            .writeHead(200, { 'content-type': 'image/svg+xml' })
            .end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
        case '/lying.png':
          return res.writeHead(200, { 'content-type': 'image/png' }).end('<html><script>alert(1)</script></html>');
        default:
          return res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
        HELPDESK_REMOTE_IMAGES_ALLOW_PRIVATE_ORIGINS: origin,
      },
    });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test' });
    const paths = ['logo.png', 'to-localhost.png', 'to-private.png', 'huge.png', 'page.html', 'icon.svg', 'lying.png'];
    await sendMail(t, {
      from: 'nora@example.org',
      to: 'support@acme.test',
      subject: 'Newsletter with pictures',
      html:
        `<p>Hello</p>` +
        paths.map((p) => `<img src="${origin}/${p}" alt="${p}">`).join('') +
        `<img srcset="${origin}/logo.png 2x"><div style="background:url(${origin}/bg.png)">x</div>`,
    });
    const ticket = await eventually(async () => {
      const list = await t.admin.get('/api/v1/tickets?q=pictures');
      return list.body.items[0] && (await t.admin.get(`/api/v1/tickets/${list.body.items[0].id}`)).body;
    }, 30_000);
    ticketId = ticket.id;
    message = ticket.messages[0];
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    server?.close();
  });

  it('stores the mail with no remote URL a browser would load, and counts the images', () => {
    expect(message.remoteImages).toBe(8);
    expect(message.bodyHtml).not.toMatch(/\s(src|srcset)="http|url\(/);
    expect(message.bodyHtml).toContain(`data-remote-src="${origin}/logo.png"`);
    expect(seen).toEqual([]); // nothing was fetched for the mail to be read
  });

  it('serves an image through the api, with nothing of the agent sent to its server', async () => {
    const res = await image(0);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-length')).toBe(String(PNG.length));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(seen.map((s) => s.path)).toEqual(['/logo.png']);
    expect(seen[0].headers.cookie).toBeUndefined();
    expect(seen[0].headers.authorization).toBeUndefined();
    expect(seen[0].headers.referer).toBeUndefined();
    expect((await image(7)).status).toBe(200); // the srcset one
  });

  it('refuses redirects to private addresses, huge files, HTML, SVG and bytes that are not an image', async () => {
    const outcome = async (n: number) => {
      const res = await image(n);
      return [res.status, String(res.body.message)];
    };
    expect(await outcome(1)).toEqual([403, expect.stringMatching(/localhost resolves to .*not a public address/)]);
    expect(await outcome(2)).toEqual([403, expect.stringMatching(/10\.1\.2\.3 is not a public address/)]);
    expect(await outcome(3)).toEqual([413, expect.stringMatching(/larger than 5242880 bytes/)]);
    expect(await outcome(4)).toEqual([415, expect.stringMatching(/text\/html/)]);
    expect(await outcome(5)).toEqual([415, expect.stringMatching(/svg/)]);
    expect(await outcome(6)).toEqual([415, expect.stringMatching(/not a PNG, JPEG, GIF or WebP/)]);
    expect(await outcome(8)).toEqual([404, `Message ${message.id} has no remote image 8`]);
    // The redirect to localhost was never followed: the guard refused it before connecting.
    expect(seen.filter((s) => s.headers.host?.startsWith('localhost'))).toEqual([]);
  });

  it('answers 404 to agents who do not reach the ticket and 401 to anonymous callers', async () => {
    const agent = await t.newUser('agent');
    await t.admin.patch(`/api/v1/users/${agent.user.id}`, { ticketScope: 'assigned' });
    const before = seen.length;
    expect((await image(0, agent)).status).toBe(404);
    expect((await image(0, t.http)).status).toBe(401);
    expect((await t.admin.get(`/api/v1/tickets/${ticketId}/messages/0/remote-images/0`)).status).toBe(404);
    expect(seen.length).toBe(before);
  });
});
