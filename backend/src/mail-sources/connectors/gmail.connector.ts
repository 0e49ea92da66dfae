import { ProviderError } from '../../mail-providers/provider-error';
import type { GmailSettings } from '../source-settings';
import { sleep } from '../../common/sleep';
import { Connector, PushChannel, PushGrant, SourceContext, SourceSession } from './connector';
import { deliverEach } from './deliver-each';
import { ApiError, HttpApi } from '../../mail-providers/http-api';
import { gmailApi, gmailUser, googleTokens, GMAIL_MODIFY_SCOPE } from '../../mail-providers/gmail-api';

/** Where a Gmail source stands: the mailbox history id up to which every added message was taken. */
interface GmailCursor {
  historyId: string;
}

interface HistoryPage {
  history?: { id: string; messagesAdded?: { message: { id: string; labelIds?: string[] } }[] }[];
  nextPageToken?: string;
  historyId?: string;
}

interface MessageList {
  messages?: { id: string }[];
  nextPageToken?: string;
}

/** A day of margin before the last fetch, when the history id expired and we look again. */
const RESYNC_MARGIN_MS = 24 * 3600_000;

/**
 * Gmail through the Gmail API: a service account with domain-wide delegation (JWT bearer
 * grant, RFC 7523, impersonating the mailbox) or a user's OAuth2 grant. New mail comes from
 * `users.history.list` (messageAdded, label INBOX) from the last history id; the first sync
 * takes the unread inbox (`users.messages.list`) and starts from the history id read before
 * listing, so nothing arriving meanwhile is missed. An expired history id (HTTP 404) starts
 * a rescan of the inbox from a day before the last fetch. Each message is read with
 * `format=raw`, spooled, then marked read (`modify`, removing UNREAD).
 */
export class GmailConnector implements Connector {
  async open(ctx: SourceContext): Promise<SourceSession> {
    const s = ctx.settings as GmailSettings;
    const tokens = googleTokens(ctx.endpoints, s, ctx.secrets, GMAIL_MODIFY_SCOPE, {
      signal: ctx.signal,
      onRefreshToken: (refreshToken) => ctx.saveSecrets({ ...ctx.secrets, refreshToken }),
    });
    await tokens.get();
    return new GmailSession(ctx, gmailApi(tokens, ctx.signal), gmailUser(ctx.endpoints, s.address));
  }
}

class GmailSession implements SourceSession {
  constructor(
    private readonly ctx: SourceContext,
    private readonly api: HttpApi,
    private readonly user: string,
  ) {}

  /**
   * Push ("Configure push notifications in Gmail API"): `users.watch` on the INBOX label to the
   * admin's Pub/Sub topic, answered `{historyId, expiration}` (epoch ms); calling it again
   * renews the watch (Google asks for at least once a week and recommends daily).
   */
  readonly push: PushChannel = {
    target: () => {
      const topic = (this.ctx.settings as GmailSettings).pushTopic;
      return topic ? { target: topic } : { unavailable: 'no Pub/Sub topic configured (pushTopic)' };
    },
    subscribe: () => this.watch(),
  };

  private async watch(): Promise<PushGrant> {
    const topicName = (this.ctx.settings as GmailSettings).pushTopic;
    const r = await this.api.call<{ historyId?: string; expiration?: string }>(`${this.user}/watch`, {
      method: 'POST',
      json: { topicName, labelIds: ['INBOX'], labelFilterBehavior: 'INCLUDE' },
    });
    const expiresAt = new Date(Number(r?.expiration));
    if (Number.isNaN(expiresAt.getTime())) throw new ApiError(502, 'noExpiration', 'watch answered without expiration');
    return { subscriptionId: null, expiresAt };
  }

  async sync(): Promise<void> {
    const cursor = this.ctx.cursor as GmailCursor | null;
    if (!cursor) await this.rescan(null);
    else await this.history(cursor.historyId);
    for (const id of await this.ctx.retrying()) await this.deliver([id]);
  }

  /** New messages since `startHistoryId`, page by page; the cursor moves with each page. */
  private async history(startHistoryId: string) {
    let pageToken: string | undefined;
    for (;;) {
      const params = new URLSearchParams({
        startHistoryId,
        historyTypes: 'messageAdded',
        labelId: 'INBOX',
        maxResults: '500',
      });
      if (pageToken) params.set('pageToken', pageToken);
      let page: HistoryPage;
      try {
        page = await this.api.call<HistoryPage>(`${this.user}/history?${params}`);
      } catch (e) {
        // The history id is too old (Gmail keeps about a week): look at the inbox again.
        if (e instanceof ApiError && e.status === 404) return this.rescan(this.ctx.lastFetchedAt ?? new Date());
        throw this.sourceError(e);
      }
      const ids = new Set<string>();
      for (const h of page.history ?? [])
        for (const added of h.messagesAdded ?? [])
          if (added.message.labelIds?.includes('INBOX') ?? true) ids.add(added.message.id);
      await this.deliver([...ids]);
      pageToken = page.nextPageToken;
      if (!pageToken) {
        if (page.historyId) await this.ctx.saveCursor({ historyId: page.historyId } satisfies GmailCursor);
        return;
      }
      // Mid-way: the last record of this page is done.
      const last = page.history?.at(-1)?.id;
      if (last) await this.ctx.saveCursor({ historyId: last } satisfies GmailCursor);
    }
  }

  /**
   * The first sync (unread inbox mail) or a rescan after the history id expired (also mail
   * read since a day before `since`). The history id is read first: what arrives while we
   * list is in the history after it.
   */
  private async rescan(since: Date | null) {
    const profile = await this.api.call<{ historyId: string }>(`${this.user}/profile`).catch((e) => {
      throw this.sourceError(e);
    });
    const q = since
      ? `in:inbox (is:unread OR after:${Math.floor((since.getTime() - RESYNC_MARGIN_MS) / 1000)})`
      : 'in:inbox is:unread';
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const params = new URLSearchParams({ q, maxResults: '500' });
      if (pageToken) params.set('pageToken', pageToken);
      const page = await this.api.call<MessageList>(`${this.user}/messages?${params}`).catch((e) => {
        throw this.sourceError(e);
      });
      ids.push(...(page.messages ?? []).map((m) => m.id));
      pageToken = page.nextPageToken;
    } while (pageToken);
    // The list is newest first; tickets are made in the order mail arrived.
    await this.deliver(ids.reverse());
    await this.ctx.saveCursor({ historyId: profile.historyId } satisfies GmailCursor);
  }

  private deliver(ids: string[]) {
    return deliverEach(
      this.ctx,
      ids,
      async (id) => {
        const m = await this.api.call<{ raw?: string }>(`${this.user}/messages/${encodeURIComponent(id)}?format=raw`);
        if (typeof m.raw !== 'string') throw new ApiError(502, 'noRaw', 'the message came without its raw source');
        return Buffer.from(m.raw, 'base64url');
      },
      async (id) => {
        await this.api.call(`${this.user}/messages/${encodeURIComponent(id)}/modify`, {
          method: 'POST',
          json: { removeLabelIds: ['UNREAD'] },
        });
      },
    );
  }

  private sourceError(e: unknown): unknown {
    if (!(e instanceof ApiError)) return e;
    if (e.status === 404) return new ProviderError('not_found', e.message);
    if (e.status === 403)
      return new ProviderError('auth', `access refused (delegation or scope gmail.modify): ${e.message}`);
    if (e.status === 400) return new ProviderError('config', e.message);
    return new ProviderError('server', e.message);
  }

  waitForMail(ms: number, nudge: Promise<void>): Promise<void> {
    return sleep(ms, this.ctx.signal, nudge);
  }

  async close(): Promise<void> {}
}
