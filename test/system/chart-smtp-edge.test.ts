import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { Client } from 'pg';
import {
  ChartServices,
  find,
  installJob,
  LocalContainer,
  localContainer,
  Manifest,
  provisionServices,
  RELEASE,
  render,
  runToCompletion,
  writeSecretVolume,
} from '../chart/harness';
import { RunningProcess } from '../support/processes';

/** A kubernetes.io/tls Secret with a fresh self-signed certificate for `name`. */
function tlsSecret(secretName: string, name: string): Manifest {
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-cert-'));
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
  const data = {
    'tls.crt': readFileSync(`${dir}/crt`).toString('base64'),
    'tls.key': readFileSync(`${dir}/key`).toString('base64'),
  };
  rmSync(dir, { recursive: true, force: true });
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name: secretName }, type: 'kubernetes.io/tls', data };
}

/** A PROXY protocol v2 header for a TCP over IPv4 client (spec section 2.2), built byte by byte. */
function proxyV2(source: string, port: number): Buffer {
  const header = Buffer.alloc(16 + 12);
  Buffer.from('0d0a0d0a000d0a515549540a', 'hex').copy(header);
  header[12] = 0x21; // version 2, PROXY
  header[13] = 0x11; // AF_INET, STREAM
  header.writeUInt16BE(12, 14);
  Buffer.from(source.split('.').map(Number)).copy(header, 16);
  Buffer.from([10, 0, 0, 1]).copy(header, 20);
  header.writeUInt16BE(port, 24);
  header.writeUInt16BE(25, 26);
  return header;
}

/** Reads one SMTP reply (up to its last line "NNN text"). */
function reply(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString('latin1');
      if (/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}

/**
 * The smtp Deployment as the chart renders it behind an AWS NLB (PROXY protocol v2) with its
 * STARTTLS certificate in a mounted Secret: the header is read, and a renewed certificate (a
 * Secret update as the kubelet writes it) is what the next STARTTLS gets, without a restart.
 */
describe('the chart`s smtp pod at the edge', () => {
  const FULL = `${RELEASE}-helpdesk`;
  const values = {
    config: { mailbox: 'support@edge.test', logLevel: 'warn' },
    postgresql: { username: 'hdedge', database: 'hdedge' },
    smtp: { proxyProtocol: { enabled: true }, tls: { existingSecret: 'mx-tls' } },
  };
  let manifests: Manifest[];
  let services: ChartServices;
  let smtp: LocalContainer;
  let proc: RunningProcess | undefined;
  const secret = tlsSecret('mx-tls', 'mx.edge.test');

  beforeAll(async () => {
    manifests = render(values);
    services = await provisionServices(manifests, process.env.HELPDESK_TEST_PG_URL!);
    const migrate = await runToCompletion(
      await localContainer(installJob(manifests), { manifests, services: services.services }),
    );
    expect([migrate.code, migrate.output]).toEqual([0, '']);
    smtp = await localContainer(find(manifests, 'Deployment', `${FULL}-smtp`), {
      manifests,
      services: services.services,
      existing: [secret],
    });
    proc = smtp.start();
    for (
      const deadline = Date.now() + 60000;
      (await fetch(smtp.probeUrl('readinessProbe')).then(
        (r) => r.status,
        () => 0,
      )) !== 200;
    ) {
      if (proc.child.exitCode !== null || Date.now() > deadline) throw new Error(`smtp not ready:\n${proc.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 120000);
  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await proc?.exited;
    await services?.stop();
  });

  const session = async (clientIp: string) => {
    const socket = connect(smtp.ports.smtp, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write(proxyV2(clientIp, 40123));
    expect(await reply(socket)).toMatch(/^220 /);
    return socket;
  };

  it('reads the v2 PROXY header of the load balancer: the sender`s address is the client`s', async () => {
    const socket = await session('198.51.100.77');
    const lines = [
      'EHLO sender.example',
      'MAIL FROM:<edge@example.org>',
      'RCPT TO:<support@edge.test>',
      'DATA',
      'Subject: edge\r\n\r\nhello\r\n.',
    ];
    const answers: string[] = [];
    for (const line of lines) {
      socket.write(`${line}\r\n`);
      answers.push(await reply(socket));
    }
    socket.end('QUIT\r\n');
    expect(answers[4]).toMatch(/^250 /);
    const db = new Client({ connectionString: smtp.env.DATABASE_URL });
    await db.connect();
    const { rows } = await db.query(`SELECT peer_ip FROM inbound_messages WHERE envelope_from = 'edge@example.org'`);
    await db.end();
    expect(rows).toEqual([{ peer_ip: '198.51.100.77' }]);
  });

  it('offers the renewed certificate from the updated Secret, without a restart', async () => {
    const certificateName = async () => {
      const socket = await session('198.51.100.78');
      socket.write('EHLO sender.example\r\n');
      expect(await reply(socket)).toMatch(/250-STARTTLS/);
      socket.write('STARTTLS\r\n');
      expect(await reply(socket)).toMatch(/^220 /);
      const secure = tlsConnect({ socket, rejectUnauthorized: false, servername: 'mx.edge.test' });
      await new Promise((resolve, reject) => secure.once('secureConnect', resolve).once('error', reject));
      const name = secure.getPeerCertificate().subject.CN;
      secure.destroy();
      return name;
    };
    expect(await certificateName()).toBe('mx.edge.test');
    const pid = proc!.child.pid;
    writeSecretVolume(smtp.mounts['/etc/helpdesk/smtp-tls'], tlsSecret('mx-tls', 'mx-renewed.edge.test').data);
    const deadline = Date.now() + 10000;
    while ((await certificateName()) !== 'mx-renewed.edge.test') {
      if (Date.now() > deadline) throw new Error('the renewed certificate was not offered');
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(proc!.child.pid).toBe(pid);
    expect(proc!.child.exitCode).toBeNull();
  });
});
