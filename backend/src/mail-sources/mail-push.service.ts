import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { OutageLog } from '../common/outage-log';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { PROVIDER_ENDPOINTS, ProviderEndpoints } from '../mail-providers/endpoints';
import { channelFor } from '../realtime/realtime.publisher';
import { REDIS } from '../redis/redis.module';
import { MailSourcesRepository, PushLookupRow } from './mail-sources.repository';
import { MailSourcesService } from './mail-sources.service';
import { pushUrls, SOURCE_WAKE_CHANNEL, SourceWake } from './push-urls';
import { sourcePushNotifications } from './source-metrics';
import type { GmailSettings } from './source-settings';

/** A notification batch may name this many subscriptions at most; more are ignored (a lookup each). */
const MAX_SUBSCRIPTIONS_PER_BATCH = 20;
/** The issuers of Google-signed OIDC tokens ("Authentication for push subscriptions"). */
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

/** Constant-time comparison of two secrets of any length (their SHA-256 digests are compared). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Change notifications from Microsoft Graph and Gmail (through Cloud Pub/Sub push), received
 * on the api role. A notification that proves itself (Graph: the clientState we generated for
 * that subscription; Gmail: a Google-signed OIDC token for our push URL from the configured
 * service account) only wakes the fetcher of its source through Redis; the fetch still runs
 * the delta path, so a forged or lost notification can neither inject nor lose mail. Anything
 * else is ignored without saying why (no oracle of which subscriptions or mailboxes exist).
 */
@Injectable()
export class MailPushService {
  private readonly logger = new Logger(MailPushService.name);
  private readonly outage = new OutageLog(this.logger, 'Waking mail source fetchers');
  private readonly channel: string;
  private jwks?: ReturnType<typeof createRemoteJWKSet>;

  constructor(
    private readonly repo: MailSourcesRepository,
    private readonly sources: MailSourcesService,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(PROVIDER_ENDPOINTS) private readonly endpoints: ProviderEndpoints,
  ) {
    this.channel = channelFor(redis, SOURCE_WAKE_CHANNEL);
  }

  /**
   * A Graph `changeNotificationCollection` (`{value: [{subscriptionId, clientState, changeType,
   * resource, lifecycleEvent?}]}`, "Receive change notifications through webhooks"), from the
   * notification or the lifecycle URL. `reauthorizationRequired` and `subscriptionRemoved` make
   * the fetcher renew or re-create the subscription; `missed` and changes just wake it.
   */
  async graph(body: unknown): Promise<void> {
    const value = (body as { value?: unknown } | null)?.value;
    if (!Array.isArray(value)) return;
    const rows = new Map<string, PushLookupRow | null>();
    const wakes = new Map<number, boolean>();
    for (const n of value as Record<string, unknown>[]) {
      const { subscriptionId, clientState, lifecycleEvent } = n ?? {};
      if (typeof subscriptionId !== 'string' || typeof clientState !== 'string' || subscriptionId.length > 200) {
        sourcePushNotifications.inc({ provider: 'graph', outcome: 'ignored' });
        continue;
      }
      if (!rows.has(subscriptionId) && rows.size < MAX_SUBSCRIPTIONS_PER_BATCH)
        rows.set(subscriptionId, (await this.repo.bySubscription(subscriptionId)) ?? null);
      const row = rows.get(subscriptionId);
      if (!row?.clientState || !this.clientStateMatches(row, clientState)) {
        sourcePushNotifications.inc({ provider: 'graph', outcome: 'ignored' });
        continue;
      }
      const resubscribe = lifecycleEvent === 'reauthorizationRequired' || lifecycleEvent === 'subscriptionRemoved';
      wakes.set(row.id, (wakes.get(row.id) ?? false) || resubscribe);
      sourcePushNotifications.inc({ provider: 'graph', outcome: 'woke' });
    }
    for (const [sourceId, resubscribe] of wakes) await this.wake({ sourceId, ...(resubscribe ? { resubscribe } : {}) });
  }

  private clientStateMatches(row: PushLookupRow, given: string): boolean {
    try {
      return sameSecret(given, this.sources.openPush(row.mailboxId, row.clientState!));
    } catch {
      // Sealed under an older secret key: the fetcher makes a new subscription.
      return false;
    }
  }

  /**
   * A Pub/Sub push request (`{message: {data: base64(JSON {emailAddress, historyId}),
   * messageId}, subscription}`) with a Google-signed OIDC token in `authorization`. The token
   * must verify against Google's JWKS (RS256, issuer accounts.google.com), name our push URL
   * as audience, and carry the verified `email` of the service account the source names.
   */
  async gmail(authorization: string | undefined, body: unknown): Promise<void> {
    const ignored = () => sourcePushNotifications.inc({ provider: 'gmail', outcome: 'ignored' });
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const base = this.config.http.publicUrl;
    if (!token || !base) return ignored();
    let email: string;
    try {
      this.jwks ??= createRemoteJWKSet(new URL(this.endpoints.googleJwks));
      const { payload } = await jwtVerify(token, this.jwks, {
        issuer: GOOGLE_ISSUERS,
        audience: pushUrls(base).gmail,
        algorithms: ['RS256'],
        clockTolerance: 60,
      });
      if (payload.email_verified !== true || typeof payload.email !== 'string') return ignored();
      email = payload.email.toLowerCase();
    } catch {
      return ignored();
    }
    const data = (body as { message?: { data?: unknown } } | null)?.message?.data;
    let address: unknown;
    try {
      address = typeof data === 'string' ? JSON.parse(Buffer.from(data, 'base64').toString('utf8')).emailAddress : null;
    } catch {
      address = null;
    }
    if (typeof address !== 'string' || address.length > 320) return ignored();
    const rows = (await this.repo.gmailByAddress(address)).filter(
      (r) => (r.settings as GmailSettings).pushServiceAccount?.toLowerCase() === email,
    );
    if (!rows.length) return ignored();
    for (const r of rows) await this.wake({ sourceId: r.id });
    sourcePushNotifications.inc({ provider: 'gmail', outcome: 'woke' });
  }

  private async wake(w: SourceWake) {
    try {
      await this.redis.publish(this.channel, JSON.stringify(w));
      this.outage.success();
    } catch (e) {
      // Polling still fetches the mail; only the latency is lost.
      this.outage.failure(e);
    }
  }
}
