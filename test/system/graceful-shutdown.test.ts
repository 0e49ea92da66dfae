import { connect } from 'node:net';
import { Client } from 'pg';
import { Conversation } from '../support/conversation';
import { freePort, migratedEnvironment, RunningProcess, startBackend, waitForHttp } from '../support/processes';

async function eventually<T>(check: () => Promise<T | undefined>, ms = 15000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once a new TCP connection to `port` is refused. */
async function refused(port: number, ms = 10000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const outcome = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => (s.destroy(), resolve('accepted')));
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    if (outcome === 'ECONNREFUSED') return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/**
 * SIGTERM, as Kubernetes and Docker send it before stopping a container: each role stops
 * taking new work and finishes the work in hand before it exits 0.
 */
describe('graceful shutdown on SIGTERM', () => {
  // The cases run in order: the worker takes the message the smtp role accepted while stopping.
  let db: Client;
  let env: Record<string, string>;
  let inboundId: number;

  beforeAll(async () => {
    ({ env, db } = await migratedEnvironment('graceful', 10, {
      HELPDESK_ADMIN_EMAIL: 'admin@acme.test',
      HELPDESK_ADMIN_PASSWORD: 'correct horse battery',
      HOST: '127.0.0.1',
    }));
  });
  afterAll(() => db?.end());

  const start = async (
    role: string,
    extra: Record<string, string> = {},
  ): Promise<{ proc: RunningProcess; port: number }> => {
    const port = await freePort();
    const proc = startBackend({ ...env, ...extra, HELPDESK_ROLE: role, PORT: String(port) });
    await waitForHttp(`http://127.0.0.1:${port}/readyz`, 30000);
    return { proc, port };
  };

  it('smtp: refuses new connections, sends idle sessions away, and finishes a message mid-DATA with 250', async () => {
    const smtpPort = await freePort();
    const { proc } = await start('smtp', { SMTP_PORT: String(smtpPort) });

    const idle = await Conversation.open(smtpPort);
    await idle.read(/^220 .*\r\n/m);
    expect(await idle.smtp('EHLO idle.example.org')).toMatch(/^250 /);

    const sending = await Conversation.open(smtpPort);
    await sending.read(/^220 .*\r\n/m);
    expect(await sending.smtp('EHLO mta.example.org')).toMatch(/^250 /);
    expect(await sending.smtp('MAIL FROM:<customer@example.org>')).toMatch(/^250 /);
    expect(await sending.smtp('RCPT TO:<support@acme.test>')).toMatch(/^250 /);
    expect(await sending.smtp('DATA')).toMatch(/^354 /);
    sending.socket.write(
      'From: customer@example.org\r\nTo: support@acme.test\r\nSubject: Sent while the server stops\r\nMessage-ID: <graceful-1@example.org>\r\n\r\nFirst half,\r\n',
    );

    proc.child.kill('SIGTERM');
    await proc.waitFor(/SIGTERM: shutting down/);
    expect(await refused(smtpPort)).toBe(true);
    expect(await idle.read(/^421 .*\r\n/m)).toMatch(/^421 /m);

    sending.socket.write('second half.\r\n');
    const accepted = await sending.smtp('.');
    expect(accepted).toMatch(/^250 .*Queued as \d+/);
    inboundId = Number(/Queued as (\d+)/.exec(accepted)![1]);
    // Its transaction over, that session is sent away too.
    expect(await sending.read(/^421 .*\r\n/m)).toMatch(/^421 /m);
    expect(await proc.exited).toEqual({ code: 0, signal: null });

    const [row] = (
      await db.query(`SELECT status, convert_from(raw, 'UTF8') AS raw FROM inbound_messages WHERE id = $1`, [inboundId])
    ).rows;
    expect(row.status).toBe('received');
    expect(row.raw).toContain('First half,\r\nsecond half.');
  });

  // Takes the message the smtp role accepted above: it was queued during that shutdown.
  it('worker: finishes the job in hand before it exits', async () => {
    // Holding the spool row makes the worker's job wait mid-way, inside its transaction.
    const holder = new Client({ connectionString: env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM inbound_messages WHERE id = $1 FOR UPDATE', [inboundId]);
      const { proc } = await start('worker');
      await eventually(async () => {
        const { rows } = await db.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = 'graceful' AND wait_event_type = 'Lock'`,
        );
        return rows.length > 0 || undefined;
      });

      proc.child.kill('SIGTERM');
      await proc.waitFor(/SIGTERM: shutting down/);
      await new Promise((r) => setTimeout(r, 1000));
      expect(proc.child.exitCode).toBeNull(); // still waiting for its job
      await holder.query('COMMIT');
      expect(await proc.exited).toEqual({ code: 0, signal: null });
    } finally {
      await holder.end();
    }

    const [row] = (await db.query(`SELECT status FROM inbound_messages WHERE id = $1`, [inboundId])).rows;
    expect(row.status).toBe('processed');
    const tickets = await db.query(`SELECT subject FROM tickets WHERE subject = 'Sent while the server stops'`);
    expect(tickets.rowCount).toBe(1);
  });

  it('api: stops accepting connections and completes the request in flight', async () => {
    const { proc, port } = await start('api');
    const body = JSON.stringify({ email: env.HELPDESK_ADMIN_EMAIL, password: env.HELPDESK_ADMIN_PASSWORD });
    const http = await Conversation.open(port);
    // The server answers `100 Continue` once it has taken the request: it is in flight.
    http.socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await http.read(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
    http.socket.write(body.slice(0, 10));

    proc.child.kill('SIGTERM');
    await proc.waitFor(/SIGTERM: shutting down/);
    expect(await refused(port)).toBe(true);
    expect(proc.child.exitCode).toBeNull(); // draining

    http.socket.write(body.slice(10));
    const head = await http.read(/\r\n\r\n/);
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head).toMatch(/^set-cookie: helpdesk_session=/im);
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  });
});
