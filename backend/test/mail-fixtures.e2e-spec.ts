import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { InboundProcessor } from '../src/mail-in/processing/inbound-processor.service';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Hostile and odd mail from fixtures that npm and Debian packages ship (copied from
 * node_modules and /usr/share at test time, never committed), processed through the
 * real InboundProcessor against a real database.
 */
const moduleDir = (pkg: string) => path.dirname(require.resolve(`${pkg}/package.json`));
const CLAMAV = '/usr/share/clamav-testfiles';

describe('odd and hostile mail', () => {
  let t: TestApp;
  let processor: InboundProcessor;

  beforeAll(async () => {
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0' } });
    processor = t.app.get(InboundProcessor);
    await t.admin.post('/api/v1/mailboxes', { address: 'support@fixtures.test' });
  });
  afterAll(() => t.close());

  /** Spools raw bytes as if SMTP had accepted them for support@fixtures.test, then processes them. */
  const ingest = async (raw: Buffer, envelopeFrom = 'sender@example.org') => {
    const { rows } = await t.sql.query(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to) VALUES ($1, $2, '\\x00', $3, '{support@fixtures.test}') RETURNING id`,
      [raw, raw.length, envelopeFrom],
    );
    return { id: rows[0].id as number, outcome: await processor.process(rows[0].id) };
  };
  const compose = (options: ConstructorParameters<typeof MailComposer>[0]) =>
    new MailComposer({ from: 'sender@example.org', to: 'support@fixtures.test', ...options }).compile().build();
  const ticket = async (id: number) => (await t.admin.get(`/api/v1/tickets/${id}`)).body;

  it('processes a spooled message once when two attempts of its job run at once', async () => {
    const raw = await compose({
      subject: 'Twice at once',
      text: 'One ticket, please.',
      messageId: '<twice@example.org>',
    });
    const { rows } = await t.sql.query(
      `INSERT INTO inbound_messages (raw, size, sha256, envelope_from, envelope_to) VALUES ($1, $2, '\\x00', 'sender@example.org', '{support@fixtures.test}') RETURNING id`,
      [raw, raw.length],
    );
    const id = rows[0].id as number;
    const outcomes = await Promise.all([processor.process(id), processor.process(id), processor.process(id)]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['processed', 'skipped', 'skipped']);
    const tickets = await t.sql.query(`SELECT count(*)::int AS n FROM tickets WHERE subject = 'Twice at once'`);
    expect(tickets.rows[0].n).toBe(1);
    const spool = await t.sql.query(`SELECT status, attempts, ticket_id FROM inbound_messages WHERE id = $1`, [id]);
    expect(spool.rows[0]).toMatchObject({ status: 'processed', attempts: 1, ticket_id: expect.anything() });
    expect((await processor.process(id)).status).toBe('skipped');
  });

  it('ingests every message of the MIME torture test and its companions (wildduck fixtures)', async () => {
    const dir = path.join(moduleDir('wildduck'), 'imap-core/test/fixtures');
    const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    expect(files).toContain('mimetorture.eml');
    for (const f of files) {
      const { outcome } = await ingest(readFileSync(path.join(dir, f)));
      expect([f, outcome.status]).toEqual([f, 'processed']);
    }
    const { rows } = await t.sql.query(`SELECT count(*)::int AS n FROM attachments`);
    expect(rows[0].n).toBeGreaterThan(5);
  });

  it('keeps winmail.dat (TNEF) as an attachment, byte for byte (node-tnef samples, ClamAV TNEF)', async () => {
    const samples = [
      ...readdirSync(path.join(moduleDir('node-tnef'), 'testFiles')).map((f) =>
        path.join(moduleDir('node-tnef'), 'testFiles', f),
      ),
      path.join(CLAMAV, 'clam.tnef'),
    ];
    for (const file of samples) {
      const content = readFileSync(file);
      const { outcome } = await ingest(
        await compose({
          subject: `TNEF ${path.basename(file)}`,
          text: 'see attached',
          attachments: [{ filename: 'winmail.dat', content, contentType: 'application/ms-tnef' }],
        }),
      );
      const tk = await ticket(outcome.ticketId!);
      const att = tk.messages[0].attachments.find((a: any) => a.filename === 'winmail.dat');
      expect(att.size).toBe(content.length);
      const dl = await fetch(t.url + att.url, { headers: { authorization: `Bearer ${await token()}` } });
      expect(Buffer.from(await dl.arrayBuffer()).equals(content)).toBe(true);
    }
  });

  let apiToken: string | undefined;
  const token = async () => (apiToken ??= (await t.admin.post('/api/v1/tokens', { name: 'fixtures' })).body.token);

  it('stores virus-test attachments exactly and only ever serves them as downloads (clamav-testfiles)', async () => {
    for (const name of ['clam.exe', 'clam.zip', 'clam.exe.html', 'clam.pdf', 'clam.7z']) {
      const content = readFileSync(path.join(CLAMAV, name));
      const { outcome } = await ingest(
        await compose({ subject: `Attachment ${name}`, text: 'file', attachments: [{ filename: name, content }] }),
      );
      const att = (await ticket(outcome.ticketId!)).messages[0].attachments[0];
      const dl = await fetch(t.url + att.url, { headers: { authorization: `Bearer ${await token()}` } });
      expect(dl.headers.get('content-type')).toBe('application/octet-stream');
      expect(dl.headers.get('content-disposition')).toMatch(/^attachment/);
      expect(Buffer.from(await dl.arrayBuffer()).equals(content)).toBe(true);
    }
    // A whole mail with an embedded virus sample still becomes a ticket.
    const { outcome } = await ingest(readFileSync(path.join(CLAMAV, 'clam.mail')));
    expect(outcome.status).toBe('processed');
  });

  it('ingests Outlook and Office 365 HTML reply layouts and sanitises them (planer samples)', async () => {
    const dir = path.join(moduleDir('planer'), 'test/examples/html');
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.html'))) {
      const html = readFileSync(path.join(dir, f), 'utf8');
      const { outcome } = await ingest(
        await compose({ subject: `Reply layout ${f}`, html: html + '<script>alert(1)</script>' }),
      );
      const m = (await ticket(outcome.ticketId!)).messages[0];
      expect([f, outcome.status]).toEqual([f, 'processed']);
      expect(m.bodyText.length).toBeGreaterThan(0);
      expect(m.bodyHtml).not.toMatch(/<script/i);
    }
  });

  it('decodes charsets and encoded words, and leaves UTF-7 as inert text', async () => {
    const raw = (headers: string, body: Buffer | string) =>
      Buffer.concat([
        Buffer.from(`From: a@example.org\r\nTo: support@fixtures.test\r\n${headers}\r\n\r\n`),
        Buffer.from(body),
      ]);
    const latin = await ingest(
      raw(
        'Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable',
        'Un caf=E9, s=27il vous pla=EEt.',
      ),
    );
    const lt = await ticket(latin.outcome.ticketId!);
    expect(lt.subject).toBe('Café crème');
    expect(lt.messages[0].bodyText).toBe("Un café, s'il vous plaît.");
    // こんにちは in ISO-2022-JP.
    const jis = Buffer.from('1b244224332473244b2441244f1b2842', 'hex');
    const jp = await ingest(
      raw('Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=\r\nContent-Type: text/plain; charset=ISO-2022-JP', jis),
    );
    const jt = await ticket(jp.outcome.ticketId!);
    expect(jt.subject).toBe('こんにちは');
    expect(jt.messages[0].bodyText).toBe('こんにちは');
    const win = await ingest(
      raw(
        'Subject: Quotes\r\nContent-Type: text/plain; charset=windows-1252',
        Buffer.from([0x93, 0x68, 0x69, 0x94, 0x20, 0x80]),
      ),
    );
    expect((await ticket(win.outcome.ticketId!)).messages[0].bodyText).toBe('“hi” €');
    const utf7 = await ingest(
      raw('Subject: u7\r\nContent-Type: text/html; charset=UTF-7', '+ADw-script+AD4-alert(1)+ADw-/script+AD4-'),
    );
    const u7 = (await ticket(utf7.outcome.ticketId!)).messages[0];
    expect(`${u7.bodyText} ${u7.bodyHtml ?? ''}`).not.toMatch(/<script/i);
  });

  it('survives deep nesting and part floods without losing the message', async () => {
    let body = 'innermost text';
    for (let depth = 0; depth < 60; depth++) {
      body = `Content-Type: multipart/mixed; boundary="b${depth}"\r\n\r\n--b${depth}\r\n${body.startsWith('Content-Type') ? body : `Content-Type: text/plain\r\n\r\n${body}`}\r\n--b${depth}--`;
    }
    const nested = await ingest(
      Buffer.from(`From: a@example.org\r\nTo: support@fixtures.test\r\nSubject: Nested\r\n${body}\r\n`),
    );
    expect(nested.outcome.status).toBe('processed');
    const parts = Array.from(
      { length: 300 },
      (_, i) =>
        `--flood\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="p${i}.txt"\r\n\r\npart ${i}\r\n`,
    ).join('');
    const flood = await ingest(
      Buffer.from(
        `From: a@example.org\r\nTo: support@fixtures.test\r\nSubject: Flood\r\nContent-Type: multipart/mixed; boundary="flood"\r\n\r\n${parts}--flood--\r\n`,
      ),
    );
    expect(flood.outcome.status).toBe('processed');
  });
});
