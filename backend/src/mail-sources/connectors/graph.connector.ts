import { ProviderError } from '../../mail-providers/provider-error';
import type { Microsoft365Settings } from '../source-settings';
import { sleep } from '../../common/sleep';
import { Connector, PushChannel, PushGrant, PushTarget, SourceContext, SourceSession } from './connector';
import { ApiError, HttpApi } from '../../mail-providers/http-api';
import { graphApi, graphTokens, graphUser } from '../../mail-providers/microsoft-graph';
import { deliverEach } from './deliver-each';

/**
 * Where a Graph source stands: the link to ask next (`@odata.nextLink` mid-round,
 * `@odata.deltaLink` between rounds), and `floor`: mail received before it was there when
 * fetching began (only its unread part was taken), so later changes to it are not new mail.
 */
interface GraphCursor {
  link: string;
  floor: string;
  /** The first round takes unread mail only; a resync (expired delta link) everything since `floor`. */
  round: 'initial' | 'resync' | 'incremental';
}

interface DeltaItem {
  id: string;
  isRead?: boolean;
  receivedDateTime?: string;
  '@removed'?: unknown;
}

interface DeltaPage {
  value: DeltaItem[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** A day of margin before the last fetch, when a lost delta link makes us look again. */
const RESYNC_MARGIN_MS = 24 * 3600_000;
/**
 * How long a subscription is asked for: under 3 days (4230 minutes, the limit for Outlook
 * messages before it became 10080), renewed half-way ("subscription resource type", maximum length).
 */
const SUBSCRIPTION_MINUTES = 4200;

/** A Graph subscription as POST/PATCH `/subscriptions` answer it (the fields we read). */
interface GraphSubscription {
  id: string;
  expirationDateTime: string;
}

/** Message ids we marked read recently: their "changed" entries in the next delta are our own doing. */
const ECHO_LIMIT = 5000;

/**
 * Microsoft 365 through Microsoft Graph, as an app registration with application permission
 * Mail.ReadWrite (client credentials with a secret or a certificate). Changes come from
 * `mailFolders/{folder}/messages/delta` (delta links survive restarts; an expired one, HTTP
 * 410, starts a resync from a day before the last fetch); each new message is read as raw
 * MIME (`/messages/{id}/$value`), spooled, then marked read (`PATCH isRead`). Ids are
 * immutable (`Prefer: IdType="ImmutableId"`), so a message keeps its remote id when moved.
 */
export class GraphConnector implements Connector {
  async open(ctx: SourceContext): Promise<SourceSession> {
    const s = ctx.settings as Microsoft365Settings;
    const tokens = graphTokens(ctx.endpoints, s, ctx.secrets, ctx.signal);
    // Signing in now: a wrong secret shows at once, not at the first message.
    await tokens.get();
    return new GraphSession(ctx, graphApi(tokens, ctx.signal), s);
  }
}

class GraphSession implements SourceSession {
  private readonly echo = new Set<string>();
  private readonly user: string;

  /**
   * Change notifications ("Set up notifications for changes in resource data"): a subscription
   * to messages `created` in the folder, with our notification and lifecycle URLs and a
   * clientState Graph echoes in every notification; renewed with PATCH `expirationDateTime`,
   * created again when Graph no longer knows it (404).
   */
  readonly push: PushChannel = {
    target: (urls) => ({ target: urls.notificationUrl }),
    subscribe: (urls, current) => this.subscribe(urls, current),
  };

  constructor(
    private readonly ctx: SourceContext,
    private readonly api: HttpApi,
    private readonly s: Microsoft365Settings,
  ) {
    this.user = graphUser(ctx.endpoints, s.address);
  }

  private start(round: GraphCursor['round'], floor: Date): GraphCursor {
    const filter = round === 'resync' ? `&$filter=receivedDateTime+ge+${floor.toISOString()}` : '';
    return {
      link: `${this.user}/mailFolders/${encodeURIComponent(this.s.folder)}/messages/delta?$select=id,isRead,receivedDateTime${filter}`,
      floor: floor.toISOString(),
      round,
    };
  }

  async sync(): Promise<void> {
    let cursor = (this.ctx.cursor as GraphCursor | null) ?? this.start('initial', new Date(Date.now() - 5 * 60_000));
    for (;;) {
      let page: DeltaPage;
      try {
        page = await this.api.call<DeltaPage>(cursor.link, {
          headers: { prefer: 'odata.maxpagesize=50, IdType="ImmutableId"' },
        });
      } catch (e) {
        if (e instanceof ApiError && e.status === 410) {
          // The delta link expired: look again at everything since a day before the last fetch.
          const since = new Date((this.ctx.lastFetchedAt ?? new Date(cursor.floor)).getTime() - RESYNC_MARGIN_MS);
          cursor = this.start('resync', since);
          continue;
        }
        throw this.sourceError(e);
      }
      const floor = Date.parse(cursor.floor);
      const wanted = page.value.filter((item) => {
        if (item['@removed'] || this.echo.has(item.id)) return false;
        if (cursor.round === 'initial') return item.isRead === false;
        const received = Date.parse(item.receivedDateTime ?? '');
        return Number.isNaN(received) || received >= floor;
      });
      await deliverEach(
        this.ctx,
        wanted.map((w) => w.id),
        (id) => this.fetchRaw(id),
        (id) => this.markRead(id),
      );
      const next = page['@odata.nextLink'];
      const delta = page['@odata.deltaLink'];
      if (!next && !delta) throw new ProviderError('server', 'a delta page without nextLink or deltaLink');
      cursor = next ? { ...cursor, link: next } : { ...cursor, link: delta!, round: 'incremental' };
      await this.ctx.saveCursor(cursor);
      if (!next) break;
    }
    for (const id of await this.ctx.retrying())
      await deliverEach(
        this.ctx,
        [id],
        (i) => this.fetchRaw(i),
        (i) => this.markRead(i),
      );
  }

  private async subscribe(urls: PushTarget, current: PushGrant | null): Promise<PushGrant> {
    const subscriptions = `${this.ctx.endpoints.graph}/subscriptions`;
    const expirationDateTime = new Date(Date.now() + SUBSCRIPTION_MINUTES * 60_000).toISOString();
    const granted = (s: GraphSubscription): PushGrant => ({
      subscriptionId: s.id,
      expiresAt: new Date(s.expirationDateTime),
    });
    if (current?.subscriptionId) {
      try {
        return granted(
          await this.api.call<GraphSubscription>(`${subscriptions}/${encodeURIComponent(current.subscriptionId)}`, {
            method: 'PATCH',
            json: { expirationDateTime },
          }),
        );
      } catch (e) {
        // Graph removed it (expired, or subscriptionRemoved): create a new one.
        if (!(e instanceof ApiError && e.status === 404)) throw e;
      }
    }
    // OData string literal: a quote inside is doubled.
    const folder = this.s.folder.replace(/'/g, "''");
    return granted(
      await this.api.call<GraphSubscription>(subscriptions, {
        method: 'POST',
        json: {
          changeType: 'created',
          notificationUrl: urls.notificationUrl,
          lifecycleNotificationUrl: urls.lifecycleNotificationUrl,
          resource: `users/${this.s.address}/mailFolders('${folder}')/messages`,
          expirationDateTime,
          clientState: urls.clientState,
        },
      }),
    );
  }

  private fetchRaw(id: string): Promise<Buffer> {
    return this.api.call<Buffer>(`${this.user}/messages/${encodeURIComponent(id)}/$value`, { binary: true });
  }

  private async markRead(id: string) {
    await this.api.call(`${this.user}/messages/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      json: { isRead: true },
      headers: { prefer: 'IdType="ImmutableId"' },
    });
    this.echo.add(id);
    if (this.echo.size > ECHO_LIMIT) this.echo.delete(this.echo.values().next().value!);
  }

  /** A 4xx on the folder itself: the mailbox or folder is wrong, or the app lacks the permission. */
  private sourceError(e: unknown): unknown {
    if (!(e instanceof ApiError)) return e;
    if (e.status === 404) return new ProviderError('not_found', e.message);
    if (e.status === 403)
      return new ProviderError('auth', `permission missing (Mail.ReadWrite, application): ${e.message}`);
    if (e.status === 400) return new ProviderError('config', e.message);
    return new ProviderError('server', e.message);
  }

  waitForMail(ms: number, nudge: Promise<void>): Promise<void> {
    return sleep(ms, this.ctx.signal, nudge);
  }

  async close(): Promise<void> {}
}
