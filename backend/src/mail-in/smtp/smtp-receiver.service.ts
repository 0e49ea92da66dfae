import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { Config } from '../../config/config';
import { CONFIG } from '../../config/config.module';
import { countSmtpReply, smtpReplies, smtpSessions } from '../../metrics/metrics';
import { OutageLog } from '../../common/outage-log';
import { SenderVerifier } from '../auth/sender-verifier.service';
import { MailboxesService } from '../mailboxes/mailboxes.service';
import { SpoolService } from '../spool/spool.service';
import { ConnectionGuard, SmtpConnection } from './connection-guard';
import { CertificateWatch, watchCertificate } from './certificate-reloader';
import { acceptProxyProtocolV2 } from './proxy-protocol';

type SmtpError = Error & { responseCode?: number };
const smtpError = (code: number, message: string): SmtpError =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * The inbound MX (role smtp). Accepts mail only for our mailboxes (no open relay, no
 * backscatter), enforces the size limit while streaming, verifies the sender (SPF, DKIM,
 * DMARC, ARC; stored, never a reason to refuse), and answers 250 only after the message
 * is committed to the spool; if the database cannot take it, 451 so the sender retries.
 * Abusive clients are limited by {@link ConnectionGuard}.
 */
@Injectable()
export class SmtpReceiver implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SmtpReceiver.name);
  private server?: SMTPServer;
  private readonly guard: ConnectionGuard;
  /** Database failures while accepting mail, logged once per outage. */
  private readonly storeOutage = new OutageLog(this.logger, 'Storing received mail');
  private certificate?: CertificateWatch;
  port = 0;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly mailboxes: MailboxesService,
    private readonly spool: SpoolService,
    private readonly verifier: SenderVerifier,
  ) {
    const s = config.smtp;
    this.guard = new ConnectionGuard({
      maxClients: s.maxClients,
      maxClientsPerIp: s.maxClientsPerIp,
      idleMs: s.idleTimeoutSeconds * 1000,
      transactionMs: s.transactionTimeoutSeconds * 1000,
    });
  }

  async onApplicationBootstrap() {
    const c = this.config;
    // A renewed certificate (cert-manager, a Secret update) applies to the next STARTTLS.
    this.certificate = c.smtp.tls
      ? watchCertificate(c.smtp.tls, (pair) => this.server?.updateSecureContext(pair))
      : undefined;
    this.server = new SMTPServer({
      name: c.mail.domain ?? c.mail.defaultMailbox.split('@')[1],
      banner: 'Helpdesk',
      size: c.smtp.maxMessageBytes,
      // 552 for a message over the limit, whatever onData decides (it still reads the rest, holding none of it).
      rejectOversized: true,
      disabledCommands: ['AUTH'],
      hideSTARTTLS: !c.smtp.tls,
      ...this.certificate?.current,
      useProxy: c.smtp.proxyProtocol as boolean | string[],
      maxClients: c.smtp.maxClients,
      socketTimeout: c.smtp.idleTimeoutSeconds * 1000,
      // On shutdown, a transaction still open after this long is cut off with 421 (the
      // sender retries; nothing answered 250 is lost). Under the process's 30 s deadline.
      closeTimeout: 20_000,
      disableReverseLookup: true,
      logger: false,
      onConnect: (session, cb) => {
        smtpSessions.inc();
        try {
          this.guard.admit(session);
          cb();
        } catch (e) {
          countSmtpReply(Promise.reject(e), 421).catch(() => undefined);
          cb(e as SmtpError);
        }
      },
      onMailFrom: (_address, session, cb) => {
        this.guard.startTransaction(session);
        cb();
      },
      onRcptTo: (address, session, cb) =>
        void countSmtpReply(this.onRcptTo(address, session), 550).then(() => cb(), cb),
      onData: (stream, session, cb) =>
        void countSmtpReply(this.onData(stream, session), 450)
          .finally(() => this.guard.endTransaction(session))
          .then((id) => cb(null, `Queued as ${id}`), cb),
      onClose: (session) => this.guard.release(session),
    });
    acceptProxyProtocolV2(this.server);
    // SMTPServer has no maxRecipients option here; mail to hundreds of our own addresses is not a real case.
    // A failure to listen (port taken) is the caller's to report; later errors are logged.
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(c.smtp.port, c.http.host, () => {
        this.server!.off('error', reject);
        resolve();
      });
    });
    this.server.on('error', (e) => this.logger.error(`smtp: ${e.message}`));
    this.guard.start(this.server);
    this.port = (this.server.server.address() as AddressInfo).port;
    this.logger.log(`SMTP receiver listening on port ${this.port}`);
  }

  /**
   * Runs while the database and the queue are still open: stops accepting connections,
   * lets open transactions finish (a 250 still means committed), and tells each session
   * between transactions to come back later (421) instead of waiting for it to leave.
   */
  async beforeApplicationShutdown() {
    this.certificate?.close();
    const server = this.server;
    if (!server) return;
    this.guard.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const dismissIdle = () => {
      for (const connection of server.connections as Set<SmtpConnection>) {
        if (connection.session?.envelope?.mailFrom) continue;
        connection.send(421, 'Service shutting down, try again later');
        smtpReplies.inc({ code: '421' });
        connection.close();
      }
    };
    dismissIdle();
    // A transaction that ends (250, RSET) leaves its session idle: dismiss it then.
    const sweeper = setInterval(dismissIdle, 100);
    await closed;
    clearInterval(sweeper);
  }

  private async onRcptTo(address: SMTPServerAddress, session: SMTPServerSession) {
    if (session.envelope.rcptTo.length >= 100) throw smtpError(452, '4.5.3 Too many recipients');
    let resolved;
    try {
      resolved = await this.mailboxes.resolve(address.address);
    } catch {
      throw smtpError(451, '4.3.0 Temporary local problem, try again later');
    }
    if (!resolved) throw smtpError(550, `5.1.1 <${address.address}>: no such mailbox here`);
  }

  private async onData(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<number> {
    const chunks: Buffer[] = [];
    // Past the limit, keep reading (the client is still sending) but hold no bytes at all.
    for await (const chunk of stream) {
      if (!stream.sizeExceeded) chunks.push(chunk as Buffer);
      else chunks.length = 0;
    }
    // Cut off for taking too long: the connection is gone, and a partial message is never stored.
    if (this.guard.wasCut(session)) throw smtpError(421, '4.4.2 Transaction took too long');
    if (stream.sizeExceeded)
      throw smtpError(
        552,
        `5.3.4 Message exceeds the fixed maximum message size of ${this.config.smtp.maxMessageBytes} bytes`,
      );
    const raw = Buffer.concat(chunks);
    const envelopeTo = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
    const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address.toLowerCase() : '';
    // Bounded by SMTP_VERIFY_TIMEOUT_MS; never throws.
    const auth = await this.verifier.verify(raw, {
      ip: session.remoteAddress,
      helo: session.hostNameAppearsAs ?? null,
      sender: envelopeFrom,
    });
    let id: number;
    try {
      const first = await this.mailboxes.resolve(envelopeTo[0]);
      id = await this.spool.store({
        raw,
        envelopeFrom,
        envelopeTo,
        peerIp: session.remoteAddress ?? null,
        helo: session.hostNameAppearsAs ?? null,
        tls: session.secure,
        mailboxId: first?.mailbox.id ?? null,
        auth,
      });
      this.storeOutage.success();
    } catch (e) {
      this.storeOutage.failure(e);
      throw smtpError(451, '4.3.0 Temporary local problem, try again later');
    }
    void this.spool.enqueue(id);
    return id;
  }
}
