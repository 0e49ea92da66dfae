import { createTransport } from 'nodemailer';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dataDirPids, freePort, processRuns, startBackend, waitForHttp } from '../support/processes';

/** The `npm start` path: role all with its own PostgreSQL and Redis under a data directory. */
describe('single-machine mode', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'helpdesk-single-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts with its own database and Redis, keeps data across restarts, and stops everything on Ctrl-C', async () => {
    const port = await freePort();
    const smtpPort = await freePort();
    const env = { HELPDESK_DATA_DIR: dataDir, PORT: String(port), SMTP_PORT: String(smtpPort), HELPDESK_ROLE: 'all' };

    // First start: a generated admin password, printed once and written to the data dir.
    const first = startBackend(env);
    const [, printed] = await first.waitFor(/Password: (\S+)/);
    await first.waitFor(/role all listening on/);
    const [email, password] = readFileSync(path.join(dataDir, 'initial-admin-password'), 'utf8').trim().split('\n');
    expect(password).toBe(printed);
    expect(await (await waitForHttp(`http://127.0.0.1:${port}/readyz`)).json()).toMatchObject({
      status: 'ok',
      database: 'ok',
      redis: 'ok',
    });

    // A second start on the same data directory says so and leaves the first one alone.
    const twin = startBackend({ ...env, PORT: String(await freePort()), SMTP_PORT: String(await freePort()) });
    expect(await twin.exited).toEqual({ code: 1, signal: null });
    expect(twin.output()).toMatch(/helpdesk: another Helpdesk \(pid \d+\) uses the data directory/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status).toBe(200);
    const { csrfToken } = await login.json();
    const cookie = login.headers.getSetCookie()[0].split(';')[0];
    const created = await fetch(`http://127.0.0.1:${port}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ subject: 'Survives a restart', body: 'hello', requester: { email: 'keep@example.com' } }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`http://127.0.0.1:${port}/`)).status).toBe(200);

    // A customer emails the seeded mailbox (HELPDESK_MAILBOX, default support@localhost): it becomes a ticket.
    const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    const sent = await transport.sendMail({
      from: 'mailer@example.org',
      to: 'support@localhost',
      subject: 'Emailed in',
      text: 'by SMTP',
    });
    transport.close();
    expect(sent.response).toMatch(/^250 /);
    const deadline = Date.now() + 15000;
    let emailed: { items: { subject: string }[] } = { items: [] };
    while (emailed.items.length === 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      emailed = await (
        await fetch(`http://127.0.0.1:${port}/api/v1/tickets?q=emailed`, { headers: { cookie } })
      ).json();
    }
    expect(emailed.items.map((t) => t.subject)).toEqual(['Emailed in']);

    // Ctrl-C: the process exits 0 and leaves no PostgreSQL or redis-server behind.
    const pids = dataDirPids(dataDir);
    expect(pids.app).toBe(first.child.pid);
    expect([pids.postgres, pids.redis].every((pid) => pid && processRuns(pid))).toBe(true);
    first.child.kill('SIGINT');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect([pids.postgres!, pids.redis!].filter(processRuns)).toEqual([]);

    // Second start: same data, no new admin, the ticket is still there.
    const second = startBackend(env);
    await second.waitFor(/role all listening on/);
    expect(second.output()).not.toMatch(/First admin created/);
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const cookie2 = again.headers.getSetCookie()[0].split(';')[0];
    const list = await (
      await fetch(`http://127.0.0.1:${port}/api/v1/tickets?q=restart`, { headers: { cookie: cookie2 } })
    ).json();
    expect(list.items.map((t: { subject: string }) => t.subject)).toEqual(['Survives a restart']);
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
  });

  it('says which port is taken, stops its own PostgreSQL and Redis quietly, and exits non-zero', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-busy-'));
    const taken: Server = await new Promise((resolve) => {
      const server = createServer().listen(0, '0.0.0.0', () => resolve(server));
    });
    const busyPort = (taken.address() as { port: number }).port;
    try {
      for (const ports of [
        { PORT: String(await freePort()), SMTP_PORT: String(busyPort) },
        { PORT: String(busyPort), SMTP_PORT: String(await freePort()) },
      ]) {
        const p = startBackend({ HELPDESK_DATA_DIR: dir, HELPDESK_ROLE: 'all', ...ports });
        expect(await p.exited).toEqual({ code: 1, signal: null });
        expect(p.output()).toContain(`helpdesk: port ${busyPort} on 0.0.0.0 is already in use`);
        // Its clients closed before the services they talk to: no noise about lost connections.
        expect(p.output()).not.toMatch(/Unhandled error event|missing 'error' handler|ECONNREFUSED/);
        const { postgres, redis } = dataDirPids(dir);
        expect([postgres, redis].filter((pid) => pid && processRuns(pid))).toEqual([]);
      }
    } finally {
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every bad variable at boot and exits non-zero', async () => {
    const p = startBackend({ HELPDESK_ROLE: 'api', PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    const { code } = await p.exited;
    expect(code).toBe(1);
    expect(p.output()).toMatch(/PORT="eighty" must be an integer/);
    expect(p.output()).toMatch(/DATABASE_URL must be a URL starting with postgres:/);
    expect(p.output()).toMatch(/REDIS_URL is required for HELPDESK_ROLE=api/);
  });
});
