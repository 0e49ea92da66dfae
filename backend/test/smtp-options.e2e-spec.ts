import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import { SmtpReceiver } from '../src/mail-in/smtp/smtp-receiver.service';
import { eventually, smtpSession } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

/** STARTTLS from a mounted certificate, and the PROXY protocol behind a load balancer. */
describe('SMTP receiver options', () => {
  let t: TestApp;
  let port: number;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'smtp-tls-'));
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=mx.acme.test',
      ],
      { stdio: 'ignore' },
    );
    t = await startTestApp({
      env: {
        HELPDESK_ROLE: 'all',
        SMTP_PORT: '0',
        SMTP_TLS_CERT_FILE: cert,
        SMTP_TLS_KEY_FILE: key,
        SMTP_PROXY_PROTOCOL: '127.0.0.1',
      },
    });
    port = t.app.get(SmtpReceiver).port;
    await t.admin.post('/api/v1/mailboxes', { address: 'support@acme.test' });
  });
  afterAll(() => t.close());

  /** Opens a connection that first sends the PROXY v1 header a load balancer would. */
  const viaProxy = (clientIp: string) =>
    new Promise<ReturnType<typeof connect>>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(`PROXY TCP4 ${clientIp} 10.0.0.1 40000 25\r\n`);
        resolve(s);
      });
    });

  it('offers STARTTLS and accepts mail over it, recording that it was encrypted', async () => {
    const socket = await viaProxy('198.51.100.7');
    const transport = createTransport({
      // nodemailer dials itself; hand it the socket that already spoke PROXY.
      connection: socket,
      host: '127.0.0.1',
      port,
      requireTLS: true,
      tls: { rejectUnauthorized: false },
    } as never);
    const info = await transport.sendMail({
      from: 'tls@example.org',
      to: 'support@acme.test',
      subject: 'Over TLS',
      text: 'secret',
    });
    expect(info.response).toMatch(/^250 /);
    const row = await eventually(async () => {
      const { rows } = await t.sql.query(
        `SELECT tls, peer_ip FROM inbound_messages WHERE envelope_from = 'tls@example.org'`,
      );
      return rows[0];
    });
    expect(row).toEqual({ tls: true, peer_ip: '198.51.100.7' });
  });

  it('takes the client address from the PROXY header of a trusted load balancer', async () => {
    const socket = await viaProxy('203.0.113.9');
    const replies = await smtpSession(socket, [
      'EHLO client.example',
      'MAIL FROM:<proxied@example.org>',
      'RCPT TO:<support@acme.test>',
      'DATA',
      'Subject: proxied\r\n\r\nhello\r\n.',
      'QUIT',
    ]);
    expect(replies.some((r) => r.startsWith('250 Queued'))).toBe(true);
    const { rows } = await t.sql.query(
      `SELECT peer_ip FROM inbound_messages WHERE envelope_from = 'proxied@example.org'`,
    );
    expect(rows[0].peer_ip).toBe('203.0.113.9');
    expect(replies).toContain('250-STARTTLS');
  });
});
