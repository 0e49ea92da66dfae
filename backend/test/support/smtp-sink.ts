import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { eventually } from './mail';

export interface SinkMessage {
  raw: Buffer;
  mail: ParsedMail;
  envelope: { from: string; to: string[] };
  /** The session had upgraded to TLS (STARTTLS) and authenticated as this user. */
  secure: boolean;
  user: string | undefined;
}

/**
 * A real SMTP server standing in for the outbound relay: it offers STARTTLS (with
 * smtp-server's own self-signed certificate), requires AUTH, keeps every message it
 * accepts, and answers DATA with the codes a test lines up for a recipient.
 */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  /** Codes to answer DATA with, per recipient, one per attempt; 250 once they run out. */
  readonly answers = new Map<string, number[]>();
  /** Milliseconds to wait before answering DATA (a slow relay). */
  delayMs = 0;
  private server!: SMTPServer;
  port = 0;

  constructor(
    readonly user = 'relay-user',
    readonly password = 'relay-secret',
  ) {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink();
    sink.server = new SMTPServer({
      logger: false,
      authMethods: ['PLAIN', 'LOGIN'],
      onAuth: (auth, _session, cb) =>
        auth.username === sink.user && auth.password === sink.password
          ? cb(null, { user: auth.username })
          : cb(Object.assign(new Error('bad credentials'), { responseCode: 535 })),
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', async () => {
          const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
          const code = to.map((a) => sink.answers.get(a)?.shift()).find((c) => c !== undefined) ?? 250;
          if (sink.delayMs) await new Promise((r) => setTimeout(r, sink.delayMs));
          if (code !== 250)
            return cb(
              Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code }),
            );
          const raw = Buffer.concat(chunks);
          sink.messages.push({
            raw,
            mail: await simpleParser(raw),
            envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to },
            secure: session.secure,
            user: session.user as string | undefined,
          });
          cb(null, 'queued as test');
        });
      },
    });
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    sink.port = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  /** The relay URL the help desk is given (the test certificate is self-signed). */
  get url() {
    return `smtp://${this.user}:${this.password}@127.0.0.1:${this.port}?tls.rejectUnauthorized=false`;
  }

  to(address: string) {
    return this.messages.filter((m) => m.envelope.to.includes(address.toLowerCase()));
  }

  /** Waits until `address` has received `count` messages; returns them. */
  received(address: string, count = 1, ms = 10000) {
    return eventually(async () => (this.to(address).length >= count ? this.to(address) : undefined), ms);
  }

  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
