import { ImapFlow, type ImapFlowError, type MailboxObject } from 'imapflow';
import { ProviderError, toProviderError } from '../../mail-providers/provider-error';
import type { ImapSettings } from '../source-settings';
import { Connector, SourceContext, SourceSession, tooLarge } from './connector';
import { grantTokens } from '../../mail-providers/oauth2';

/** Where an IMAP source stands: every UID up to `lastUid` of this UIDVALIDITY is handled (RFC 3501 2.3.1.1). */
interface ImapCursor {
  uidValidity: string;
  lastUid: number;
  /** When this source first looked: mail read before then was never ours to fetch. */
  floor: string;
}

/** Messages downloaded per FETCH, and bytes per batch, spooled in one commit and then marked (two batches are held at once). */
const BATCH_MESSAGES = 50;
const BATCH_BYTES = 16 * 1024 * 1024;
/** After a UIDVALIDITY change, mail from a day before the last fetch is looked at again. */
const RESCAN_MARGIN_MS = 24 * 3600_000;
/** RFC 2177: clients re-issue IDLE at least every 29 minutes; we do so every 5 (also a liveness check). */
const MAX_IDLE_MS = 5 * 60_000;

/**
 * IMAP with `imapflow`: IDLE for new mail, the poll interval as a safety net. Fetching goes by
 * UID above the cursor, not by \Seen, so mail that arrived (and was even read by someone)
 * while we were disconnected is fetched; the first sync, and the one after a UIDVALIDITY
 * change, take the unseen mail (plus, after a change, everything since a day before the last
 * fetch: copies already fetched are recognised by their Message-ID when processed). A message
 * is marked \Seen (or moved) only after its spool row is committed.
 */
export class ImapConnector implements Connector {
  async open(ctx: SourceContext): Promise<SourceSession> {
    const s = ctx.settings as ImapSettings;
    const tokens =
      s.auth === 'oauth2' && s.oauth2
        ? grantTokens(s.oauth2, ctx.secrets, {
            signal: ctx.signal,
            onRefreshToken: (refreshToken) => ctx.saveSecrets({ ...ctx.secrets, refreshToken }),
          })
        : undefined;
    const connect = async () => {
      const client = new ImapFlow({
        host: s.host,
        port: s.port,
        secure: s.tls === 'implicit',
        doSTARTTLS: s.tls === 'starttls',
        auth: tokens
          ? { user: s.user, accessToken: await tokens.get() }
          : { user: s.user, pass: ctx.secrets.password ?? '' },
        tls: { minVersion: 'TLSv1.2' },
        logger: false,
        clientInfo: { name: 'Helpdesk' },
        maxIdleTime: MAX_IDLE_MS,
        connectionTimeout: 30_000,
        greetingTimeout: 16_000,
        socketTimeout: 10 * 60_000,
      });
      // Failures surface as a rejected command and the `close` event; without a listener an
      // `error` event would throw.
      client.on('error', () => undefined);
      await client.connect();
      return client;
    };
    try {
      return new ImapSession(await connect(), ctx);
    } catch (e) {
      // A cached token the server no longer takes: one more try with a fresh one.
      if (!tokens || !(e as ImapFlowError).authenticationFailed) throw classify(e);
      tokens.invalidate();
      try {
        return new ImapSession(await connect(), ctx);
      } catch (again) {
        throw classify(again);
      }
    }
  }
}

/** imapflow's errors in the words of ProviderError. */
function classify(e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  const err = e as ImapFlowError;
  const said = typeof err.response === 'string' ? err.response : (err.responseText ?? err.message);
  if (err.authenticationFailed) return new ProviderError('auth', said || 'the server refused the credentials');
  if (err.tlsFailed || err.code === 'ClosedAfterConnectTLS') return new ProviderError('tls', said || 'TLS failed');
  if (err.mailboxMissing || err.serverResponseCode === 'NONEXISTENT') return new ProviderError('not_found', said);
  if (err.code === 'MissingServerExtension' && /starttls/i.test(err.message))
    return new ProviderError('tls', 'the server does not offer STARTTLS');
  const net = toProviderError(e);
  if (net.kind !== 'server') return net;
  if (
    [
      'NoConnection',
      'EConnectionClosed',
      'ClosedAfterConnectText',
      'CONNECT_TIMEOUT',
      'GREETING_TIMEOUT',
      'ETIMEOUT',
    ].includes(err.code ?? '')
  )
    return new ProviderError('network', said || err.code!);
  return new ProviderError('server', said || String(e));
}

/** A command the server answered NO or BAD: about the message(s) asked for, not the connection. */
const refusedByServer = (e: unknown) => ['NO', 'BAD'].includes((e as ImapFlowError).responseStatus ?? '');

/** UIDs in batches of at most BATCH_MESSAGES messages or BATCH_BYTES bytes (a larger message is a batch alone). */
function* batches(uids: number[], sizes: Map<number, number>): Generator<number[]> {
  let batch: number[] = [];
  let bytes = 0;
  for (const uid of uids) {
    const size = sizes.get(uid) ?? 0;
    if (batch.length && (batch.length >= BATCH_MESSAGES || bytes + size > BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(uid);
    bytes += size;
  }
  if (batch.length) yield batch;
}

class ImapSession implements SourceSession {
  private lost?: ProviderError;
  private readonly listeners = new Set<() => void>();
  /** The server announced new mail (EXISTS) since the last sync began. */
  private newMail = false;

  constructor(
    private readonly client: ImapFlow,
    private readonly ctx: SourceContext,
  ) {
    client.on('close', () => {
      this.lost ??= new ProviderError('network', 'the server closed the connection');
      this.notify();
    });
    client.on('exists', () => {
      this.newMail = true;
      this.notify();
    });
  }

  private get settings() {
    return this.ctx.settings as ImapSettings;
  }

  private notify() {
    for (const l of this.listeners) l();
  }

  async sync(): Promise<void> {
    if (this.lost) throw this.lost;
    this.newMail = false;
    let lock;
    try {
      lock = await this.client.getMailboxLock(this.settings.folder);
    } catch (e) {
      throw this.lost ?? classify(e);
    }
    try {
      await this.fetchNew(this.client.mailbox as MailboxObject);
      await this.retryFailed(String((this.client.mailbox as MailboxObject).uidValidity));
    } catch (e) {
      throw this.lost ?? classify(e);
    } finally {
      lock.release();
    }
  }

  private async fetchNew(mailbox: MailboxObject) {
    const uidValidity = String(mailbox.uidValidity);
    const cursor = this.ctx.cursor as ImapCursor | null;
    if (cursor && cursor.uidValidity === uidValidity) {
      const found = (await this.client.search({ uid: `${cursor.lastUid + 1}:*` }, { uid: true })) || [];
      // `n:*` names the highest UID even when it is below n (RFC 3501 6.4.8): filter.
      const uids = found.filter((u) => u > cursor.lastUid).sort((a, b) => a - b);
      await this.fetchUids(uids, uidValidity, cursor.floor);
      return;
    }
    // First sync, or the server renumbered the folder (UIDVALIDITY changed): the old UIDs mean nothing now.
    const top = Number(mailbox.uidNext) - 1;
    const floor = cursor?.floor ?? new Date().toISOString();
    const uids = new Set((await this.client.search({ seen: false }, { uid: true })) || []);
    if (cursor && this.ctx.lastFetchedAt) {
      // Mail read by someone while we could not look: everything since a day before the last
      // fetch, but nothing that was there before this source began (its read mail stays out).
      const since = new Date(Math.max(Date.parse(floor), this.ctx.lastFetchedAt.getTime() - RESCAN_MARGIN_MS));
      const recent = ((await this.client.search({ since }, { uid: true })) || []).filter((u) => !uids.has(u));
      // SEARCH SINCE has a day's granularity (RFC 3501 6.4.4): the exact time is checked here.
      if (recent.length)
        for await (const m of this.client.fetch(recent, { uid: true, internalDate: true }, { uid: true }))
          if (m.internalDate && new Date(m.internalDate) >= since) uids.add(m.uid);
    }
    const sorted = [...uids].sort((a, b) => a - b);
    await this.fetchUids(sorted, uidValidity, false);
    // Saved only when the whole rescan is done: a crash before redoes it (copies are harmless).
    await this.ctx.saveCursor({ uidValidity, lastUid: Math.max(top, sorted.at(-1) ?? 0), floor } satisfies ImapCursor);
  }

  /**
   * Downloads, spools and marks the messages in batches (50 messages or 16 MB), pipelined:
   * while one batch is committed to the spool and then marked, the next is downloaded. A
   * batch is committed in one transaction, after the batch before it (spool ids follow the
   * UIDs), and marked seen only once committed. With `advance` (the cursor's floor), the
   * cursor moves past each batch once it is marked (or its messages recorded as failed).
   */
  private async fetchUids(uids: number[], uidValidity: string, advance: string | false) {
    if (!uids.length) return;
    const sizes = new Map<number, number>();
    for (let i = 0; i < uids.length; i += 1000) {
      for await (const m of this.client.fetch(uids.slice(i, i + 1000), { uid: true, size: true }, { uid: true }))
        sizes.set(m.uid, m.size ?? 0);
    }
    let committing: Promise<void> = Promise.resolve();
    try {
      for (const batch of batches(uids, sizes)) {
        const bodies = await this.download(batch, sizes, uidValidity);
        await committing;
        committing = this.commit(bodies, uidValidity, advance !== false && { floor: advance, lastUid: batch.at(-1)! });
        // Awaited above or below; a failure meanwhile is not "unhandled".
        committing.catch(() => undefined);
      }
    } finally {
      // A download that failed still lets the batch before it commit (and mark) first.
      await committing.catch(() => undefined);
    }
    await committing;
  }

  /** The batch's messages, by UID in UID order; too large ones and refusals are recorded as failures. */
  private async download(batch: number[], sizes: Map<number, number>, uidValidity: string) {
    const wanted: number[] = [];
    for (const uid of batch) {
      // Gone since the search (expunged by another client): nothing to fetch.
      if (!sizes.has(uid)) continue;
      const size = sizes.get(uid)!;
      // Refused without downloading it; it stays unseen on the server for a person to look at.
      if (size > this.ctx.maxMessageBytes)
        await this.ctx.failed(`${uidValidity}:${uid}`, tooLarge(size, this.ctx.maxMessageBytes), true);
      else wanted.push(uid);
    }
    const bodies = new Map<number, Buffer>();
    if (!wanted.length) return bodies;
    try {
      for await (const m of this.client.fetch(wanted, { uid: true, source: true }, { uid: true }))
        if (m.source) bodies.set(m.uid, m.source);
    } catch (e) {
      if (!refusedByServer(e) || this.lost) throw e;
      // The server refused the batch: one at a time, so only the bad message is held back.
      for (const uid of wanted) if (!bodies.has(uid)) await this.fetchOne(uid, uidValidity, bodies);
    }
    return new Map(wanted.filter((uid) => bodies.has(uid)).map((uid) => [uid, bodies.get(uid)!]));
  }

  /** Spools the batch in one commit, then marks what was spooled, then moves the cursor. */
  private async commit(
    bodies: Map<number, Buffer>,
    uidValidity: string,
    advance: { floor: string; lastUid: number } | false,
  ) {
    const spooled = await this.ctx.deliverAll(
      [...bodies].map(([uid, raw]) => ({ remoteId: `${uidValidity}:${uid}`, raw })),
    );
    await this.markFetched(spooled.map((remoteId) => Number(remoteId.slice(remoteId.indexOf(':') + 1))));
    if (advance)
      await this.ctx.saveCursor({ uidValidity, lastUid: advance.lastUid, floor: advance.floor } satisfies ImapCursor);
  }

  /** Fetches one message; a refusal is recorded as its failure. */
  private async fetchOne(uid: number, uidValidity: string, into: Map<number, Buffer>) {
    try {
      const m = await this.client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (m && m.source) into.set(uid, m.source);
      else if (m) await this.ctx.failed(`${uidValidity}:${uid}`, 'the server sent no message body');
      else await this.ctx.gone(`${uidValidity}:${uid}`);
    } catch (e) {
      if (!refusedByServer(e) || this.lost) throw e;
      const err = e as ImapFlowError;
      await this.ctx.failed(
        `${uidValidity}:${uid}`,
        `the server refused to send it: ${err.responseText ?? err.message}`,
      );
    }
  }

  /** Only now, with the spool rows committed: \Seen, or moved away. */
  private async markFetched(uids: number[]) {
    if (!uids.length) return;
    if (this.settings.moveTo) await this.client.messageMove(uids, this.settings.moveTo, { uid: true });
    else await this.client.messageFlagsAdd(uids, ['\\Seen'], { uid: true });
  }

  /** Messages that failed on an earlier sync, one by one. */
  private async retryFailed(uidValidity: string) {
    for (const remoteId of await this.ctx.retrying()) {
      const [validity, uidText] = remoteId.split(':');
      // Another UIDVALIDITY: that UID names nothing now; the rescan after the change took the mail.
      if (validity !== uidValidity) {
        await this.ctx.gone(remoteId);
        continue;
      }
      const uid = Number(uidText);
      const bodies = new Map<number, Buffer>();
      await this.fetchOne(uid, uidValidity, bodies);
      const raw = bodies.get(uid);
      if (raw && (await this.ctx.deliverAll([{ remoteId, raw }])).length) await this.markFetched([uid]);
    }
  }

  waitForMail(ms: number, nudge: Promise<void>): Promise<void> {
    if (this.lost) return Promise.reject(this.lost);
    if (this.newMail) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
        this.ctx.signal.removeEventListener('abort', done);
        if (this.lost) reject(this.lost);
        else resolve();
      };
      const check = () => {
        if (this.lost || this.newMail) done();
      };
      const timer = setTimeout(done, ms);
      this.listeners.add(check);
      this.ctx.signal.addEventListener('abort', done, { once: true });
      void nudge.then(done);
      // IDLE at once (RFC 2177): the server tells of new mail as it arrives. The next command ends it.
      void this.client.idle().catch(() => undefined);
    });
  }

  async close(): Promise<void> {
    if (this.client.usable) {
      await Promise.race([
        this.client.logout().catch(() => undefined),
        new Promise((r) => setTimeout(r, 2000).unref()),
      ]);
    }
    this.client.close();
  }
}
