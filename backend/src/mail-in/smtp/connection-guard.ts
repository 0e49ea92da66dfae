import type { SMTPServer, SMTPServerSession } from 'smtp-server';

/** What smtp-server's `connections` holds, as far as the guard and shutdown need it. */
export interface SmtpConnection {
  session?: { id?: string; envelope?: { mailFrom?: unknown } };
  send(code: number, message: string): void;
  close(): void;
}

export interface ConnectionLimits {
  /** Connections at once, in total (smtp-server refuses beyond with 421 itself). */
  maxClients: number;
  /** Connections at once from one client address. */
  maxClientsPerIp: number;
  /** Time a session has to start a transaction (MAIL FROM) after connecting or after its last one. */
  idleMs: number;
  /** Time from MAIL FROM to the end of DATA. */
  transactionMs: number;
}

type SmtpError = Error & { responseCode?: number };

interface Tracked {
  ip: string;
  /** idle: between transactions; transaction: from MAIL FROM to the end of DATA. */
  phase: 'idle' | 'transaction';
  since: number;
  /** Cut off by the guard: its message, if any, must not be stored. */
  cut: boolean;
}

/** Above this share of maxClients the server is under stress, and idle sessions get less time. */
const STRESS_SHARE = 0.8;

/**
 * Keeps abusive SMTP clients from holding the receiver (RFC 5321 4.5.3.2 leaves server
 * timeouts to the receiver; Postfix's per-client limits and stress mode are the model):
 * - at most `maxClientsPerIp` connections from one address, 421 beyond;
 * - a session must start each transaction within `idleMs` (a client trickling a command a
 *   byte at a time, or idling between messages, is sent 421 and closed), and within a sixth
 *   of that while the server is more than 80 % full, so idle connections make room;
 * - a transaction must end within `transactionMs` (a sender trickling its message is cut
 *   off with 421; the partial message is never stored, the sender retries later).
 * smtp-server's own socket timeout covers silence; this covers slowness.
 */
export class ConnectionGuard {
  private readonly sessions = new Map<string, Tracked>();
  private readonly perIp = new Map<string, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly limits: ConnectionLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** onConnect: counts the connection, or refuses it with 421 over the per-address limit. */
  admit(session: SMTPServerSession): void {
    const ip = normaliseIp(session.remoteAddress);
    const count = this.perIp.get(ip) ?? 0;
    if (count >= this.limits.maxClientsPerIp) {
      throw Object.assign(new Error('4.7.0 Too many connections from your address, try again later'), {
        responseCode: 421,
      }) as SmtpError;
    }
    this.perIp.set(ip, count + 1);
    this.sessions.set(session.id, { ip, phase: 'idle', since: this.now(), cut: false });
  }

  /** onMailFrom: a transaction starts. */
  startTransaction(session: SMTPServerSession): void {
    const t = this.sessions.get(session.id);
    if (t) Object.assign(t, { phase: 'transaction', since: this.now() });
  }

  /** The DATA of a transaction was answered (or refused): the session is idle again. */
  endTransaction(session: SMTPServerSession): void {
    const t = this.sessions.get(session.id);
    if (t) Object.assign(t, { phase: 'idle', since: this.now() });
  }

  /** Whether the guard cut this session off (its message must not be stored). */
  wasCut(session: SMTPServerSession): boolean {
    return this.sessions.get(session.id)?.cut ?? false;
  }

  /** onClose: the connection is gone. */
  release(session: SMTPServerSession): void {
    const t = this.sessions.get(session.id);
    if (!t) return; // refused before it was counted
    this.sessions.delete(session.id);
    const left = (this.perIp.get(t.ip) ?? 1) - 1;
    if (left > 0) this.perIp.set(t.ip, left);
    else this.perIp.delete(t.ip);
  }

  /** The sessions over their time, with the reason to give them; `open` is how many connections are open. */
  overdue(open: number): { id: string; reason: string }[] {
    const now = this.now();
    const stressed = open >= this.limits.maxClients * STRESS_SHARE;
    const idleMs = stressed ? Math.ceil(this.limits.idleMs / 6) : this.limits.idleMs;
    const out: { id: string; reason: string }[] = [];
    for (const [id, t] of this.sessions) {
      if (t.cut) continue;
      if (t.phase === 'idle' && now - t.since > idleMs)
        out.push({ id, reason: '4.4.2 Idle too long, closing connection' });
      else if (t.phase === 'transaction' && now - t.since > this.limits.transactionMs)
        out.push({ id, reason: '4.4.2 Transaction took too long, closing connection' });
    }
    return out;
  }

  /** Checks the server's connections twice a second, closing the overdue ones with 421. */
  start(server: SMTPServer): void {
    this.timer = setInterval(() => {
      const connections = server.connections as Set<SmtpConnection>;
      const due = new Map(this.overdue(connections.size).map((d) => [d.id, d.reason]));
      if (!due.size) return;
      for (const connection of connections) {
        const id = connection.session?.id;
        const reason = id && due.get(id);
        if (!reason) continue;
        this.sessions.get(id)!.cut = true;
        connection.send(421, reason);
        connection.close();
      }
    }, 500);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** `::ffff:192.0.2.1` and `192.0.2.1` are one client. */
const normaliseIp = (ip: string | undefined) => (ip ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
