import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo, Socket } from 'node:net';
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

/** How a sink checks SASL XOAUTH2: whom the access token was issued for, or null when it is not (or no longer) valid. */
export type TokenCheck = (token: string) => string | null;

/**
 * A real SMTP server standing in for the outbound relay or a mailbox's submission server: it
 * offers STARTTLS (with smtp-server's own self-signed certificate), requires AUTH (PLAIN and
 * LOGIN; or XOAUTH2 when given a token check, answering a refused token with the 334
 * challenge of RFC 7628 / Google's XOAUTH2 so the client can try a fresh one), keeps every
 * message it accepts, and answers DATA with the codes a test lines up for a recipient.
 */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  /** Codes to answer DATA with, per recipient, one per attempt; 250 once they run out. */
  readonly answers = new Map<string, number[]>();
  /** Milliseconds to wait before answering DATA (a slow relay). */
  delayMs = 0;
  /** XOAUTH2 sign-ins: the user and whether the token was taken. */
  readonly xoauth2: { user: string; accepted: boolean }[] = [];
  private server!: SMTPServer;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    readonly user = 'relay-user',
    readonly password = 'relay-secret',
  ) {}

  static async start(opts: { tokens?: TokenCheck } = {}): Promise<SmtpSink> {
    const sink = new SmtpSink();
    const check = opts.tokens;
    sink.server = new SMTPServer({
      logger: false,
      authMethods: check ? ['XOAUTH2'] : ['PLAIN', 'LOGIN'],
      // A submission server on this machine, reached without TLS (the transport's `tls: none`).
      allowInsecureAuth: !!check,
      onAuth: (auth, _session, cb) => {
        if (check) {
          const holder = auth.method === 'XOAUTH2' ? check(auth.accessToken ?? '') : null;
          const accepted = holder !== null && holder === auth.username;
          sink.xoauth2.push({ user: auth.username ?? '', accepted });
          return accepted
            ? cb(null, { user: auth.username })
            : cb(null, { data: { status: '401', schemes: 'bearer', scope: 'https://mail.google.com/' } });
        }
        return auth.username === sink.user && auth.password === sink.password
          ? cb(null, { user: auth.username })
          : cb(Object.assign(new Error('bad credentials'), { responseCode: 535 }));
      },
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
    sink.server.server.on('connection', (socket: Socket) => {
      sink.sockets.add(socket);
      socket.once('close', () => sink.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => sink.server.listen(0, '127.0.0.1', resolve));
    sink.port = (sink.server.server.address() as AddressInfo).port;
    return sink;
  }

  /** The relay URL the help desk is given (the test certificate is self-signed). */
  get url() {
    return `smtp://${this.user}:${this.password}@127.0.0.1:${this.port}?tls.rejectUnauthorized=false`;
  }

  /** Ends every open connection, as a server restart would: clients connect (and sign in) again. */
  dropConnections() {
    for (const socket of this.sockets) socket.destroy();
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
