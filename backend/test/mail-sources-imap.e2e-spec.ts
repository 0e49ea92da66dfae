import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app/create-app';
import { MetricsServer } from '../src/metrics/metrics-server';
import { appConfig, loadConfig } from '../src/config/config';
import { MailSourcesService } from '../src/mail-sources/mail-sources.service';
import { SourceRegistry } from '../src/mail-sources/source-registry.service';
import { Dovecot } from './support/dovecot';
import { eventually } from './support/mail';
import { OAuthServer } from './support/oauth-server';
import { startTestApp, TestApp } from './support/test-app';

/** A message as an MTA would deliver it, with a unique token in the subject and Message-ID. */
function message(token: string, opts: { to?: string; body?: string; from?: string } = {}): string {
  return [
    `Return-Path: <${opts.from ?? 'carol@example.org'}>`,
    `From: Carol <${opts.from ?? 'carol@example.org'}>`,
    `To: ${opts.to ?? 'support@imap.test'}`,
    `Subject: Question ${token}`,
    `Message-ID: <${token}@example.org>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    opts.body ?? `Hello, this is ${token}.`,
    '',
  ].join('\r\n');
}

describe('IMAP mailbox sources against a real Dovecot', () => {
  let t: TestApp;
  let dovecot: Dovecot;
  const USER = 'support@imap.test';
  const PASSWORD = 'dovecot-pass-1';
  let mailboxId: number;
  const unique = () => `i${randomBytes(5).toString('hex')}`;
  const registry = () => t.app.get(SourceRegistry);

  const ticketsWith = async (token: string) => (await t.admin.get(`/api/v1/tickets?q=${token}`)).body.items as any[];
  const ticketWith = (token: string, ms = 15000) =>
    eventually(async () => {
      const items = await ticketsWith(token);
      return items.length ? items : undefined;
    }, ms);
  const source = async (id = mailboxId) => (await t.admin.get(`/api/v1/mailboxes/${id}`)).body.source;
  const imapSource = (extra: Record<string, unknown> = {}) => ({
    type: 'imap',
    host: '127.0.0.1',
    port: dovecot.port,
    tls: 'none',
    user: USER,
    password: PASSWORD,
    pollSeconds: 300,
    ...extra,
  });

  beforeAll(async () => {
    dovecot = new Dovecot();
    await dovecot.start();
    dovecot.addUser(USER, PASSWORD);
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
        SMTP_MAX_MESSAGE_BYTES: '100000',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.destroy();
  });

  it('fetches the unread mail into tickets, marks it seen after spooling, and keeps the password to itself', async () => {
    const [a, b, old] = [unique(), unique(), unique()];
    await dovecot.append(USER, [message(a), message(b)]);
    await dovecot.append(USER, [message(old)], ['\\Seen']);
    const created = await t.admin.post('/api/v1/mailboxes', { address: USER, source: imapSource() });
    expect(created.status).toBe(201);
    mailboxId = created.body.id;
    expect(JSON.stringify(created.body)).not.toContain(PASSWORD);
    expect(created.body.source).toMatchObject({ type: 'imap', host: '127.0.0.1', user: USER, auth: 'password' });
    expect(created.body.source).not.toHaveProperty('password');

    await registry().tick();
    await ticketWith(a);
    await ticketWith(b);
    expect(await ticketsWith(old)).toHaveLength(0);
    const flags = await dovecot.flags(USER);
    expect([...flags.values()].every((f) => f.has('\\Seen'))).toBe(true);

    const { rows } = await t.sql.query(
      `SELECT i.remote_id, i.envelope_from, i.envelope_to, i.subject FROM inbound_messages i
         JOIN mail_sources s ON s.id = i.source_id
        WHERE s.mailbox_id = $1 ORDER BY i.id`,
      [mailboxId],
    );
    expect(rows).toHaveLength(2);
    expect(rows[0].remote_id).toMatch(/^\d+:1$/);
    expect(rows[0]).toMatchObject({
      envelope_from: 'carol@example.org',
      envelope_to: [USER],
      subject: `Question ${a}`,
    });
    const s = await eventually(async () => ((await source()).lastFetchedAt ? source() : undefined));
    expect(s).toMatchObject({ status: 'ok', lastError: null, skippedMessages: 0 });
    const { rows: secret } = await t.sql.query(`SELECT secrets FROM mail_sources WHERE mailbox_id = $1`, [mailboxId]);
    expect(secret[0].secrets.toString('latin1')).not.toContain(PASSWORD);
  });

  it('turns new mail into a ticket within seconds through IDLE (the poll is 5 minutes away)', async () => {
    await eventually(async () => ((await source()).lastFetchedAt ? true : undefined));
    // Let the fetcher settle into IDLE.
    await new Promise((r) => setTimeout(r, 300));
    const token = unique();
    await dovecot.append(USER, [message(token)]);
    await ticketWith(token, 10000);
  });

  it('records a malformed message and a too large one without holding up the mail around them', async () => {
    const [first, last] = [unique(), unique()];
    dovecot.deliverFile(USER, message(first), `${Date.now()}.a1.test`);
    dovecot.deliverFile(
      USER,
      Buffer.concat([Buffer.from('\u0000\u0001garbage'), randomBytes(2000)]),
      `${Date.now()}.a2.test`,
    );
    dovecot.deliverFile(USER, message(unique(), { body: 'x'.repeat(150_000) }), `${Date.now()}.a3.test`);
    dovecot.deliverFile(USER, message(last), `${Date.now()}.a4.test`);
    registry().wake(mailboxId);
    await ticketWith(first);
    await ticketWith(last);
    const failures = await eventually(async () => {
      const res = await t.admin.get(`/api/v1/mailboxes/${mailboxId}/source/failures`);
      return res.body.length ? res.body : undefined;
    });
    expect(failures).toEqual([
      expect.objectContaining({
        state: 'skipped',
        reason: expect.stringMatching(/too large: \d+ bytes, the limit is 100000/),
      }),
    ]);
    expect((await source()).skippedMessages).toBe(1);
    // The garbage was fetched like any mail and processed on its own; the large one waits unseen on the server.
    await eventually(async () => {
      const { rows } = await t.sql.query(
        `SELECT i.status FROM inbound_messages i JOIN mail_sources s ON s.id = i.source_id WHERE s.mailbox_id = $1`,
        [mailboxId],
      );
      return rows.every((r) => r.status !== 'received') ? true : undefined;
    });
    const flags = [...(await dovecot.flags(USER)).values()];
    expect(flags.filter((f) => !f.has('\\Seen'))).toHaveLength(1);
  });

  it('shows a wrong password on the mailbox and in the metrics, tells admins once, and recovers when fixed', async () => {
    const address = 'wrong@imap.test';
    dovecot.addUser(address, 'the-right-one');
    const created = await t.admin.post('/api/v1/mailboxes', {
      address,
      source: imapSource({ user: address, password: 'not-the-password' }),
    });
    const id = created.body.id;
    await registry().tick();
    const failing = await eventually(async () => {
      const s = await source(id);
      return s.status === 'error' ? s : undefined;
    });
    expect(failing.lastError).toMatch(/sign-in failed/);
    expect(failing.errorSince).toEqual(expect.any(String));
    const metrics = await (await fetch(`http://127.0.0.1:${t.app.get(MetricsServer).port}/metrics`)).text();
    expect(metrics).toContain(`helpdesk_source_up{mailbox="${address}",type="imap"} 0`);
    expect(metrics).toMatch(
      new RegExp(`helpdesk_source_errors_total\\{mailbox="${address}",type="imap",kind="auth"\\} [1-9]`),
    );
    // More failed attempts: still one notice to the one admin.
    for (let i = 0; i < 2; i++) {
      registry().wake(id);
      await new Promise((r) => setTimeout(r, 300));
    }
    const notices = async () =>
      (
        await t.sql.query(
          `SELECT to_addresses, subject, body_text FROM outbound_messages WHERE kind = 'admin_source_failing' AND mailbox_id = $1`,
          [id],
        )
      ).rows;
    await eventually(async () => ((await notices()).length ? true : undefined));
    const sent = await notices();
    expect(sent).toHaveLength(1);
    expect(sent[0].to_addresses).toEqual(['admin@test.local']);
    expect(sent[0].subject).toBe(`Mail for ${address} is not being fetched`);
    expect(sent[0].body_text).toContain('sign-in failed');

    // The admin types the right password (the rest of the source stays as it is).
    const fixed = await t.admin.patch(`/api/v1/mailboxes/${id}`, {
      source: imapSource({ user: address, password: 'the-right-one' }),
    });
    expect(fixed.status).toBe(200);
    await registry().tick();
    await eventually(async () =>
      (await source(id)).status === 'ok' && (await source(id)).lastFetchedAt ? true : undefined,
    );
  });

  it('fetches what arrived while Dovecot was down once it is back', async () => {
    await dovecot.stop();
    registry().wake(mailboxId);
    await eventually(async () => ((await source()).status === 'error' ? true : undefined));
    expect((await source()).lastError).toMatch(/cannot reach the server|closed the connection/);
    const [a, b] = [unique(), unique()];
    dovecot.deliverFile(USER, message(a));
    dovecot.deliverFile(USER, message(b));
    await dovecot.start();
    registry().wake(mailboxId);
    await ticketWith(a, 20000);
    await ticketWith(b);
    await eventually(async () => ((await source()).status === 'ok' ? true : undefined));
  });

  it('after a UIDVALIDITY change fetches the new mail and nothing twice', async () => {
    const before = (await t.sql.query(`SELECT cursor FROM mail_sources WHERE mailbox_id = $1`, [mailboxId])).rows[0]
      .cursor;
    const { rows: earlier } = await t.sql.query(`SELECT count(*)::int AS n FROM tickets`);
    await dovecot.stop();
    dovecot.resetUids(USER);
    const token = unique();
    dovecot.deliverFile(USER, message(token));
    await dovecot.start();
    registry().wake(mailboxId);
    await ticketWith(token, 20000);
    const after = await eventually(async () => {
      const c = (await t.sql.query(`SELECT cursor FROM mail_sources WHERE mailbox_id = $1`, [mailboxId])).rows[0]
        .cursor;
      return c.uidValidity !== before.uidValidity ? c : undefined;
    });
    expect(after.lastUid).toBeGreaterThan(0);
    // Every message fetched again (mail from the last day is looked at again) found its ticket by Message-ID.
    await eventually(async () => {
      const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM inbound_messages WHERE status = 'received'`);
      return rows[0].n === 0 ? true : undefined;
    });
    const { rows: now } = await t.sql.query(`SELECT count(*)::int AS n FROM tickets`);
    expect(now[0].n).toBe(earlier[0].n + 1);
    const { rows: dups } = await t.sql.query(
      `SELECT mail_message_id FROM messages WHERE mailbox_id = $1 GROUP BY 1 HAVING count(*) > 1`,
      [mailboxId],
    );
    expect(dups).toEqual([]);
  });

  it('spools a burst in batches, one commit each in UID order, and marks nothing of a batch whose commit failed', async () => {
    const address = 'burst@imap.test';
    dovecot.addUser(address, PASSWORD);
    const tokens = Array.from({ length: 130 }, () => unique());
    let id = 0;
    // The spool refuses one message of the second batch (UIDs 51-100): its commit fails as a whole.
    await t.sql.query(`
      CREATE FUNCTION test_refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF position('POISON'::bytea IN NEW.raw) > 0 THEN RAISE EXCEPTION 'refused by the test'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_refuse_poison BEFORE INSERT ON inbound_messages FOR EACH ROW EXECUTE FUNCTION test_refuse_poison();`);
    try {
      await dovecot.append(
        address,
        tokens.map((tk, i) => message(tk, { to: address, body: i === 70 ? 'POISON' : undefined })),
      );
      const created = await t.admin.post('/api/v1/mailboxes', {
        address,
        source: imapSource({ user: address }),
      });
      id = created.body.id;
      await registry().tick();
      await eventually(async () => ((await source(id)).status === 'error' ? true : undefined));
      expect((await source(id)).lastError).toContain('refused by the test');
      const spooled = async () =>
        (
          await t.sql.query(
            `SELECT i.id, i.remote_id FROM inbound_messages i JOIN mail_sources s ON s.id = i.source_id
              WHERE s.mailbox_id = $1 ORDER BY i.id`,
            [id],
          )
        ).rows.map((r) => Number(r.remote_id.split(':')[1]));
      // The first batch is in and seen; the failed batch and the one downloaded meanwhile are neither.
      expect(await spooled()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const seen = [...(await dovecot.flags(address))].filter(([, f]) => f.has('\\Seen')).map(([uid]) => uid);
      expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    } finally {
      await t.sql.query(`DROP TRIGGER test_refuse_poison ON inbound_messages; DROP FUNCTION test_refuse_poison();`);
    }
    registry().wake(id);
    await eventually(async () => ((await source(id)).status === 'ok' ? true : undefined), 20000);
    // Everything once, the spool ids in UID order, all seen.
    const { rows } = await t.sql.query(
      `SELECT i.remote_id FROM inbound_messages i JOIN mail_sources s ON s.id = i.source_id WHERE s.mailbox_id = $1 ORDER BY i.id`,
      [id],
    );
    expect(rows.map((r) => Number(r.remote_id.split(':')[1]))).toEqual(Array.from({ length: 130 }, (_, i) => i + 1));
    expect([...(await dovecot.flags(address)).values()].every((f) => f.has('\\Seen'))).toBe(true);
    await ticketWith(tokens[129]);
  });

  it('runs exactly one fetcher per source across workers, and another worker takes over from a dead one', async () => {
    const { rows } = await t.sql.query(`SELECT id FROM mail_sources WHERE mailbox_id = $1`, [mailboxId]);
    const sourceId = rows[0].id;
    const other = await startWorker(t);
    try {
      const otherRegistry = other.get(SourceRegistry);
      await registry().tick();
      await otherRegistry.tick();
      expect(registry().held).toContain(sourceId);
      expect(otherRegistry.held).not.toContain(sourceId);

      // The holder stops renewing (as a dead worker would): once its lease expired, the other takes over.
      await t.sql.query(
        `UPDATE mail_sources SET lease_owner = 'dead-worker', lease_expires_at = now() - interval '1 second' WHERE id = $1`,
        [sourceId],
      );
      await otherRegistry.tick();
      expect(otherRegistry.held).toContain(sourceId);
      // The first one, alive after all, finds its lease gone and stops fetching (its writes are fenced).
      await registry().tick();
      expect(registry().held).not.toContain(sourceId);
      const token = unique();
      await dovecot.append(USER, [message(token)]);
      await ticketWith(token, 15000);
      const { rows: owner } = await t.sql.query(`SELECT lease_owner FROM mail_sources WHERE id = $1`, [sourceId]);
      expect(owner[0].lease_owner).toBe(otherRegistry.owner);
    } finally {
      await other.close();
    }
    // A worker shutting down gives its leases back: the first takes the source again at once.
    await registry().tick();
    expect(registry().held).toContain(sourceId);
  });
});

/** A second worker process's application, in this process, on the same database and Redis. */
async function startWorker(t: TestApp) {
  const config = appConfig(
    loadConfig({
      HELPDESK_ROLE: 'worker',
      DATABASE_URL: t.config.database.url,
      REDIS_URL: t.config.redis.url,
      PORT: '0',
      HOST: '127.0.0.1',
      HELPDESK_DATA_DIR: t.config.dataDir,
      LOG_LEVEL: 'error',
      DATABASE_POOL_SIZE: '2',
      SMTP_MAX_MESSAGE_BYTES: '100000',
    }),
  );
  const { app } = await createApp(config);
  return app;
}

describe('IMAP with SASL XOAUTH2 against Dovecot oauth2 passdb', () => {
  let t: TestApp;
  let dovecot: Dovecot;
  let oauth: OAuthServer;
  const USER = 'oauth@imap.test';

  beforeAll(async () => {
    oauth = new OAuthServer(USER);
    await oauth.start();
    dovecot = new Dovecot({ introspectionUrl: `${oauth.url}/introspect` });
    await dovecot.start();
    dovecot.addUser(USER, 'only-for-the-test-client');
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0', HELPDESK_INBOUND_SWEEP_SECONDS: '1' } });
  });
  afterAll(async () => {
    await t?.close();
    await dovecot?.destroy();
    await oauth?.stop();
  });

  it('signs in with a token from the refresh token grant, and gets a new one when the server stops taking it', async () => {
    oauth.rotate = true;
    const first = `x${randomBytes(5).toString('hex')}`;
    await dovecot.append(USER, [message(first, { to: USER })]);
    const created = await t.admin.post('/api/v1/mailboxes', {
      address: USER,
      source: {
        type: 'imap',
        host: '127.0.0.1',
        port: dovecot.port,
        tls: 'none',
        user: USER,
        oauth2: {
          tokenUrl: `${oauth.url}/token`,
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          refreshToken: oauth.refreshToken,
        },
        pollSeconds: 300,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.source).toMatchObject({
      auth: 'oauth2',
      oauth2: { grant: 'refresh_token', clientId: oauth.clientId },
    });
    expect(JSON.stringify(created.body)).not.toContain(oauth.clientSecret);
    const registry = t.app.get(SourceRegistry);
    await registry.tick();
    await eventually(
      async () => ((await t.admin.get(`/api/v1/tickets?q=${first}`)).body.items.length ? true : undefined),
      15000,
    );
    expect(oauth.introspections).toBeGreaterThan(0);

    // The tokens expire and the server ends the session: the cached token is refused, a new one is
    // asked for with the refresh token the server rotated (and we stored).
    oauth.expire();
    const grants = oauth.tokenRequests;
    dovecot.kick(USER);
    const second = `x${randomBytes(5).toString('hex')}`;
    await dovecot.append(USER, [message(second, { to: USER })]);
    registry.wake();
    await eventually(
      async () => ((await t.admin.get(`/api/v1/tickets?q=${second}`)).body.items.length ? true : undefined),
      20000,
    );
    expect(oauth.tokenRequests).toBeGreaterThan(grants);
    // The rotated refresh token is what is stored now (sealed).
    const { rows } = await t.sql.query(
      `SELECT mailbox_id AS "mailboxId", secrets FROM mail_sources WHERE mailbox_id = $1`,
      [created.body.id],
    );
    expect(t.app.get(MailSourcesService).openSecrets(rows[0]).refreshToken).toBe(oauth.refreshToken);
    expect(oauth.refreshToken).not.toBe('refresh-1');
  });
});
