import { createHash, randomBytes } from 'node:crypto';
import { RawMailOffloader } from '../src/mail-in/spool/raw-mail-offloader';
import { runStorageCli } from '../src/storage/storage-cli';
import { eventually, sendMail } from './support/mail';
import { S3Server } from './support/s3-server';
import { SmtpSink } from './support/smtp-sink';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Attachments and processed raw mail in an S3-compatible store (s3rver on loopback):
 * written there, served through the api with their safety headers, sent from there; a
 * store that is down loses nothing (mail is accepted into PostgreSQL and processed once
 * the store is back; downloads answer 503); `npm run storage -- move` moves files across
 * and back.
 */
describe('attachments and raw mail in object storage', () => {
  let s3: S3Server;
  let sink: SmtpSink;
  let t: TestApp;
  let token: string;
  let n = 0;
  const unique = () => `s${Date.now().toString(36)}${++n}`;
  const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

  beforeAll(async () => {
    s3 = await S3Server.start();
    sink = await SmtpSink.start();
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        HELPDESK_INBOUND_SWEEP_SECONDS: '1',
        HELPDESK_OUTBOUND_BACKOFF_MS: '200',
        HELPDESK_OUTBOUND_ATTEMPTS: '12',
        ...s3.env,
      },
    });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test', displayName: 'ACME Support' });
    await t.admin.put('/api/v1/settings/relay', { url: sink.url });
    token = (await t.admin.post('/api/v1/tokens', { name: 'downloads' })).body.token;
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
    await s3?.close();
  });

  const download = (url: string) => fetch(t.url + url, { headers: { authorization: `Bearer ${token}` } });
  const upload = (content: Buffer, filename: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([content], { type }), filename);
    return t.admin.postForm('/api/v1/attachments', form);
  };
  const row = async (sql: string, params: unknown[]) => (await t.sql.query(sql, params)).rows[0];
  /** The ticket whose subject contains `word`, with its messages, once it exists. */
  const ticketWith = (word: string, ms = 10_000) =>
    eventually(async () => {
      const list = await t.admin.get(`/api/v1/tickets?q=${word}`);
      return list.body.items.length ? (await t.admin.get(`/api/v1/tickets/${list.body.items[0].id}`)).body : undefined;
    }, ms);
  /** Sends a customer's mail over SMTP; returns the 250 line and its spool row id. */
  const mail = async (subject: string, attachments: { filename: string; content: Buffer }[] = []) => {
    const reply = await sendMail(t, {
      from: 'carol@example.org',
      to: 'support@acme.test',
      subject,
      text: 'hi',
      attachments,
    });
    expect(reply).toMatch(/^250 /);
    return Number(reply.match(/Queued as (\d+)/)![1]);
  };

  it('keeps uploads in the bucket and serves them through the api with their safety headers', async () => {
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000)]);
    const up = await upload(pdf, 'invoice.pdf', 'application/pdf');
    expect(up.status).toBe(201);
    const stored = await row(`SELECT data, storage_key FROM attachments WHERE id = $1`, [up.body.id]);
    expect(stored).toEqual({ data: null, storage_key: expect.stringMatching(/^attachments\/[0-9a-f-]{36}$/) });
    expect(await s3.keys('attachments/')).toContain(stored.storage_key);

    const res = await download(`/api/v1/attachments/${up.body.id}`);
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-disposition': "attachment; filename*=UTF-8''invoice.pdf",
      'content-length': String(pdf.length),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
    });
    expect(sha256(Buffer.from(await res.arrayBuffer()))).toBe(sha256(pdf));

    const png = Buffer.from(
      '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201f0a3a7290000000049454e44ae426082',
      'hex',
    );
    const image = await upload(png, 'dot.png', 'image/png');
    const shown = await download(`/api/v1/attachments/${image.body.id}`);
    expect([shown.headers.get('content-type'), shown.headers.get('content-disposition')]).toEqual([
      'image/png',
      "inline; filename*=UTF-8''dot.png",
    ]);
    expect(Buffer.from(await shown.arrayBuffer()).equals(png)).toBe(true);
  });

  it('stores a mail`s attachments in the bucket, moves its raw source there once processed, and sends replies` files from there', async () => {
    const word = unique();
    const content = randomBytes(300_000);
    const id = await mail(`Report ${word}`, [{ filename: 'report.bin', content }]);
    const ticket = await ticketWith(word);
    const [att] = ticket.messages[0].attachments;
    const stored = await row(`SELECT data, storage_key FROM attachments WHERE id = $1`, [att.id]);
    expect(stored.data).toBeNull();
    const dl = await download(att.url);
    expect(sha256(Buffer.from(await dl.arrayBuffer()))).toBe(sha256(content));

    // The raw mail follows once processed; the admin's copy is the one received, byte for byte.
    const spooled = await eventually(async () => {
      const r = await row(`SELECT raw, raw_key, encode(sha256, 'hex') AS sha FROM inbound_messages WHERE id = $1`, [
        id,
      ]);
      return r.raw_key ? r : undefined;
    });
    expect(spooled).toMatchObject({ raw: null, raw_key: expect.stringMatching(/^inbound\//) });
    const raw = await download(`/api/v1/inbound/${id}/raw`);
    expect(Object.fromEntries(raw.headers)).toMatchObject({
      'content-type': 'message/rfc822',
      'content-disposition': `attachment; filename="inbound-${id}.eml"`,
      'x-content-type-options': 'nosniff',
    });
    expect(sha256(Buffer.from(await raw.arrayBuffer()))).toBe(spooled.sha);

    // The customer's own page serves the file too, with the same headers.
    const portalUrl = (await t.admin.get(`/api/v1/tickets/${ticket.id}/portal-link`)).body.url as string;
    const conversation = (
      await t.http.get(`/api/v1/public/tickets/${new URL(portalUrl).pathname.replace('/portal/', '')}`)
    ).body;
    const listed = conversation.messages[0].attachments[0];
    const fromPortal = await fetch(t.url + listed.url);
    expect(fromPortal.headers.get('x-content-type-options')).toBe('nosniff');
    expect(sha256(Buffer.from(await fromPortal.arrayBuffer()))).toBe(sha256(content));

    // A reply with an upload: the relay gets the file's bytes from the bucket.
    const file = randomBytes(50_000);
    const up = await upload(file, 'answer.bin', 'application/octet-stream');
    await t.admin.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'See attached', attachmentIds: [up.body.id] });
    const [sent] = (await sink.received('carol@example.org', 2)).filter((m) => m.mail.attachments.length);
    expect(sha256(sent.mail.attachments[0].content)).toBe(sha256(file));
  });

  it('loses nothing while the store is down: mail is accepted and processed later, downloads answer 503', async () => {
    const earlier = await upload(randomBytes(1000), 'before.bin', 'application/octet-stream');
    const pending = await upload(randomBytes(20_000), 'pending.bin', 'application/octet-stream');
    const answered = (
      await t.admin.post('/api/v1/tickets', {
        subject: `Q ${unique()}`,
        body: 'Hi',
        requester: { email: 'dan@example.org' },
      })
    ).body;
    await s3.stop();
    try {
      const res = await download(`/api/v1/attachments/${earlier.body.id}`);
      expect([res.status, await res.json()]).toEqual([
        503,
        expect.objectContaining({ statusCode: 503, message: 'The file store is unavailable; try again shortly' }),
      ]);
      expect((await upload(Buffer.from('x'), 'x.txt', 'text/plain')).status).toBe(503);

      // SMTP still answers 250: the message is committed to PostgreSQL, raw bytes and all.
      const withFile = unique();
      const content = randomBytes(100_000);
      const a = await mail(`With file ${withFile}`, [{ filename: 'scan.bin', content }]);
      const plain = unique();
      const b = await mail(`Plain ${plain}`);
      const first = await row(`SELECT status, raw IS NOT NULL AS in_database FROM inbound_messages WHERE id = $1`, [a]);
      expect(first.in_database).toBe(true);
      // The attachment cannot be written: the attempt fails, the row waits with the reason, no ticket.
      // An outage of the store is not the message's fault, so it never counts towards `failed`.
      const failing = await eventually(async () => {
        const r = await row(`SELECT status, attempts, reason FROM inbound_messages WHERE id = $1`, [a]);
        return r.reason ? r : undefined;
      });
      expect(failing).toMatchObject({ status: 'received', reason: 'The file store is unavailable; try again shortly' });
      expect((await t.admin.get(`/api/v1/tickets?q=${withFile}`)).body.items).toEqual([]);
      // Mail without files becomes a ticket; its raw source stays in PostgreSQL for now.
      await ticketWith(plain);
      expect(
        await row(`SELECT status, raw IS NOT NULL AS in_database FROM inbound_messages WHERE id = $1`, [b]),
      ).toEqual({ status: 'processed', in_database: true });
      // A reply whose file cannot be read waits in the outbox (queued), not failed.
      await t.admin.post(`/api/v1/tickets/${answered.id}/messages`, {
        body: 'File attached',
        attachmentIds: [pending.body.id],
      });
      const waiting = await eventually(async () => {
        const r = await row(`SELECT status, reason FROM outbound_messages WHERE ticket_id = $1`, [answered.id]);
        return r?.reason ? r : undefined;
      });
      expect(waiting).toMatchObject({
        status: 'queued',
        reason: expect.stringMatching(/^its attachments cannot be read now/),
      });

      await s3.resume();
      // Retried: the ticket comes with its file, the raw sources move, the reply goes out.
      const ticket = await ticketWith(withFile, 30_000);
      const att = ticket.messages[0].attachments[0];
      expect(sha256(Buffer.from(await (await download(att.url)).arrayBuffer()))).toBe(sha256(content));
      // Moved by a catch-up run: this one, or the worker's own every minute (then this one finds
      // nothing left, or returns 0 while that one is busy).
      const offloader = t.app.get(RawMailOffloader);
      await eventually(async () => {
        await offloader.catchUp();
        const moved = await row(`SELECT bool_and(raw IS NULL) AS moved FROM inbound_messages WHERE id IN ($1, $2)`, [
          a,
          b,
        ]);
        return moved.moved ? moved : undefined;
      });
      const [sent] = await sink.received('dan@example.org', 1, 30_000);
      expect(sent.mail.attachments[0].filename).toBe('pending.bin');
      expect((await download(`/api/v1/attachments/${earlier.body.id}`)).status).toBe(200);
    } finally {
      await s3.resume();
    }
  }, 90_000);

  it('sends new files to PostgreSQL with HELPDESK_BLOB_STORE=postgres while the bucket`s stay readable', async () => {
    const inBucket = randomBytes(5000);
    const old = await upload(inBucket, 'old.bin', 'application/octet-stream');
    // A second api replica on the same database, set for the move back.
    const back = await startTestApp({
      env: { ...s3.env, HELPDESK_BLOB_STORE: 'postgres' },
      databaseUrl: t.config.database.url,
      redisUrl: t.config.redis.url,
    });
    try {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from('new file')], { type: 'text/plain' }), 'new.txt');
      const fresh = await back.admin.postForm('/api/v1/attachments', form);
      expect(fresh.status).toBe(201);
      expect(await row(`SELECT data, storage_key FROM attachments WHERE id = $1`, [fresh.body.id])).toEqual({
        data: Buffer.from('new file'),
        storage_key: null,
      });
      const res = await fetch(`${back.url}/api/v1/attachments/${old.body.id}`, {
        headers: { cookie: back.admin.cookie! },
      });
      expect([res.status, res.headers.get('x-content-type-options')]).toEqual([200, 'nosniff']);
      expect(Buffer.from(await res.arrayBuffer()).equals(inBucket)).toBe(true);
    } finally {
      await back.close();
    }
  });

  it('moves every file to PostgreSQL and back with `npm run storage -- move`', async () => {
    const env = { ...s3.env, DATABASE_URL: t.config.database.url };
    const lines: string[] = [];
    const run = (...args: string[]) => runStorageCli(args, env, (l) => lines.push(l));
    const where = async () =>
      (
        await t.sql.query(`SELECT (SELECT count(storage_key) FROM attachments)::int AS attachments_s3,
                                  (SELECT count(*) FROM attachments WHERE data IS NOT NULL)::int AS attachments_db,
                                  (SELECT count(raw_key) FROM inbound_messages)::int AS raw_s3,
                                  (SELECT count(*) FROM inbound_messages WHERE raw IS NOT NULL)::int AS raw_db`)
      ).rows[0];
    const files = (await t.sql.query(`SELECT count(*)::int AS n FROM attachments`)).rows[0].n;
    const [first] = (await t.sql.query(`SELECT id FROM attachments ORDER BY id LIMIT 1`)).rows;
    const before = await download(`/api/v1/attachments/${first.id}`);
    const bytes = sha256(Buffer.from(await before.arrayBuffer()));

    const start = await where();
    expect(start.attachments_s3).toBeGreaterThan(1);

    // The store goes down after the first file: the command stops with a message, the moved
    // file and the others are each in one place and readable, and running it again continues.
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const interrupted = await runStorageCli(['move', '--to', 'postgres', '--batch', '1'], env, (l) => {
        if (l.startsWith('attachments: 1 moved to postgres so far')) void s3.stop();
      });
      expect(interrupted).toBe(1);
      expect(stderr.mock.calls.map(([text]) => String(text)).join('')).toMatch(
        /^storage: The file store is unavailable; try again shortly \(run the command again to continue\)\n$/,
      );
    } finally {
      stderr.mockRestore();
      await s3.resume();
    }
    expect(await where()).toMatchObject({
      attachments_s3: start.attachments_s3 - 1,
      attachments_db: start.attachments_db + 1,
    });
    expect(sha256(Buffer.from(await (await download(`/api/v1/attachments/${first.id}`)).arrayBuffer()))).toBe(bytes);

    expect(await run('move', '--to', 'postgres', '--batch', '2')).toBe(0);
    expect(await where()).toMatchObject({ attachments_s3: 0, attachments_db: files, raw_s3: 0 });
    expect(await s3.keys()).toEqual([]);
    expect(sha256(Buffer.from(await (await download(`/api/v1/attachments/${first.id}`)).arrayBuffer()))).toBe(bytes);
    expect(lines).toContain(`attachments: ${start.attachments_s3 - 1} moved to postgres`);

    lines.length = 0;
    expect(await run('status')).toBe(0);
    expect(lines[0]).toBe(`attachments: ${files} in postgres, 0 in s3`);

    expect(await run('move', '--to', 's3')).toBe(0);
    const back = await where();
    expect(back).toMatchObject({ attachments_s3: files, attachments_db: 0, raw_db: 0 });
    expect((await s3.keys()).length).toBe(files + back.raw_s3);
    expect(sha256(Buffer.from(await (await download(`/api/v1/attachments/${first.id}`)).arrayBuffer()))).toBe(bytes);
    // Run again: nothing left to move.
    lines.length = 0;
    expect(await run('move', '--to', 's3')).toBe(0);
    expect(lines).toEqual(['attachments: 0 moved to s3', 'raw mail: 0 moved to s3']);

    expect(await run('move', '--to', 'nowhere')).toBe(2);
    expect(await runStorageCli(['status'], { DATABASE_URL: t.config.database.url }, () => undefined)).toBe(2);
  });
});
