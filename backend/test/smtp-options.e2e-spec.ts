import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import { SmtpReceiver } from '../src/mail-in/smtp/smtp-receiver.service';
import { eventually, smtpSession } from './support/mail';
import { startTestApp, TestApp } from './support/test-app';

/** STARTTLS from a mounted certificate, and the PROXY protocol behind a load balancer. */
describe('SMTP receiver options', () => {
  let t: TestApp;
  let port: number;

  /** A self-signed certificate and its key (PEM) for this name. */
  const certificate = (name: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'smtp-cert-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        `${dir}/key`,
        '-out',
        `${dir}/crt`,
        '-days',
        '1',
        '-subj',
        `/CN=${name}`,
      ],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(`${dir}/crt`), key: readFileSync(`${dir}/key`) };
  };
  /**
   * A Secret volume as the kubelet writes it: the files live in a timestamped directory,
   * `..data` links to it and `tls.crt`/`tls.key` link through `..data`; an update writes a
   * new directory and renames a new `..data` link over the old one (one atomic step).
   */
  const secretVolume = mkdtempSync(path.join(tmpdir(), 'smtp-tls-'));
  let revision = 0;
  const writeSecret = (pair: { cert: Buffer; key: Buffer }) => {
    const dir = `..${Date.now()}_${++revision}`;
    mkdirSync(path.join(secretVolume, dir));
    writeFileSync(path.join(secretVolume, dir, 'tls.crt'), pair.cert);
    writeFileSync(path.join(secretVolume, dir, 'tls.key'), pair.key);
    symlinkSync(dir, path.join(secretVolume, '..data_tmp'));
    renameSync(path.join(secretVolume, '..data_tmp'), path.join(secretVolume, '..data'));
  };
  const [first, renewed, other] = [
    certificate('mx.acme.test'),
    certificate('mx-renewed.acme.test'),
    certificate('other.acme.test'),
  ];

  beforeAll(async () => {
    writeSecret(first);
    symlinkSync('..data/tls.crt', path.join(secretVolume, 'tls.crt'));
    symlinkSync('..data/tls.key', path.join(secretVolume, 'tls.key'));
    const cert = path.join(secretVolume, 'tls.crt');
    const key = path.join(secretVolume, 'tls.key');
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

  /** Opens a connection that first sends this PROXY header (v1 text or v2 bytes), as a load balancer would. */
  const viaProxy = (header: string | Buffer) =>
    new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.write(
          typeof header === 'string' && !header.startsWith('PROXY')
            ? `PROXY TCP4 ${header} 10.0.0.1 40000 25\r\n`
            : header,
        );
        resolve(s);
      });
    });

  /**
   * A PROXY protocol v2 header, written byte by byte from the specification (section 2.2):
   * signature, version 2 and command, family and transport, length, addresses, ports, TLVs.
   */
  const v2Header = (command: 'PROXY' | 'LOCAL', source?: { ip: string; port: number }, tlvs = Buffer.alloc(0)) => {
    const signature = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');
    const v6 = source?.ip.includes(':');
    const ip = (a: string) =>
      v6
        ? Buffer.from(
            a
              .replace('::', `:${'0:'.repeat(8 - a.split(':').filter(Boolean).length)}`)
              .split(':')
              .filter(Boolean)
              .flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]),
          )
        : Buffer.from(a.split('.').map(Number));
    const ports = Buffer.alloc(4);
    let addresses = Buffer.alloc(0);
    if (source) {
      ports.writeUInt16BE(source.port, 0);
      ports.writeUInt16BE(25, 2);
      addresses = Buffer.concat([ip(source.ip), ip(v6 ? '2001:db8::25' : '10.0.0.1'), ports]);
    }
    const meta = Buffer.alloc(4);
    meta[0] = 0x20 | (command === 'PROXY' ? 1 : 0);
    meta[1] = source ? (v6 ? 0x21 : 0x11) : 0x00; // AF_INET6/AF_INET + STREAM, or UNSPEC
    meta.writeUInt16BE(addresses.length + tlvs.length, 2);
    return Buffer.concat([signature, meta, addresses, tlvs]);
  };
  const sendThrough = async (socket: Socket, from: string) => {
    const replies = await smtpSession(socket, [
      'EHLO client.example',
      `MAIL FROM:<${from}>`,
      'RCPT TO:<support@acme.test>',
      'DATA',
      'Subject: proxied\r\n\r\nhello\r\n.',
      'QUIT',
    ]);
    const { rows } = await t.sql.query(`SELECT peer_ip FROM inbound_messages WHERE envelope_from = $1`, [from]);
    return { replies, peerIp: rows[0]?.peer_ip };
  };
  /** The certificate a STARTTLS session gets now: its subject's CN. */
  const startTlsName = async () => {
    const socket = await viaProxy('192.0.2.1');
    // Greeting, EHLO, STARTTLS, each up to its final reply line; then the TLS handshake on the same socket.
    let text = '';
    const reply = () =>
      new Promise<void>((resolve) => {
        const onData = (d: Buffer) => {
          text += d.toString('latin1');
          if (/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(text)) {
            socket.off('data', onData);
            text = '';
            resolve();
          }
        };
        socket.on('data', onData);
      });
    await reply();
    socket.write('EHLO client.example\r\n');
    await reply();
    socket.write('STARTTLS\r\n');
    await reply();
    const secure = tlsConnect({ socket, rejectUnauthorized: false, servername: 'mx.acme.test' });
    await new Promise((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
    const name = secure.getPeerCertificate().subject.CN;
    secure.destroy();
    return name;
  };

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

  it('reads a PROXY v2 header (AWS NLB, GCP) for IPv4 and IPv6 clients, TLVs included', async () => {
    // AWS sends a TLV of type 0xEA (its VPC endpoint id) after the addresses.
    const aws = Buffer.concat([Buffer.from([0xea, 0x00, 0x09, 0x01]), Buffer.from('vpce-1234')]);
    const v4 = await sendThrough(
      await viaProxy(v2Header('PROXY', { ip: '198.51.100.23', port: 51000 }, aws)),
      'v2-four@example.org',
    );
    expect(v4.replies.some((r) => r.startsWith('250 Queued'))).toBe(true);
    expect(v4.peerIp).toBe('198.51.100.23');
    const v6 = await sendThrough(
      await viaProxy(v2Header('PROXY', { ip: '2001:db8:0:0:0:0:0:7', port: 51001 })),
      'v2-six@example.org',
    );
    expect(v6.peerIp).toBe('2001:db8::7');
    // The balancer's own health check (LOCAL) keeps the connection's address.
    const local = await sendThrough(await viaProxy(v2Header('LOCAL')), 'v2-local@example.org');
    expect(local.peerIp).toBe('127.0.0.1');
    // A v1 header still works.
    expect(
      (await sendThrough(await viaProxy('PROXY TCP6 2001:db8::9 2001:db8::1 40000 25\r\n'), 'v1-six@example.org'))
        .peerIp,
    ).toBe('2001:db8::9');
  });

  it('refuses a connection whose PROXY header is broken, and one that sends none', async () => {
    const read = (socket: Socket) =>
      new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (d) => (text += d.toString('latin1'))).on('close', () => resolve(text));
        socket.on('error', () => undefined);
      });
    const badVersion = v2Header('PROXY', { ip: '198.51.100.1', port: 1 });
    badVersion[12] = 0x31; // version 3
    for (const header of [badVersion, 'HELO there\r\n', `PROXY TCP4 ${'9'.repeat(120)}\r\n`]) {
      const text = await read(await viaProxy(Buffer.from(header)));
      expect(text).toBe('* BAD Invalid PROXY header\r\n');
    }
  });

  it('reloads the STARTTLS certificate when the mounted Secret changes, and keeps it when the new pair is broken', async () => {
    expect(await startTlsName()).toBe('mx.acme.test');
    writeSecret(renewed);
    await eventually(async () => ((await startTlsName()) === 'mx-renewed.acme.test' ? true : undefined), 5000);
    // A certificate with the wrong key (a half-finished renewal) is not taken.
    writeSecret({ cert: other.cert, key: renewed.key });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await startTlsName()).toBe('mx-renewed.acme.test');
    writeSecret(other);
    await eventually(async () => ((await startTlsName()) === 'other.acme.test' ? true : undefined), 5000);
  });
});
