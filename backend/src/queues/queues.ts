import { ConnectionOptions } from 'bullmq';

/** One queue per kind of work (DESIGN.md section 1). */
export const INBOUND_QUEUE = 'inbound';
export const OUTBOUND_QUEUE = 'outbound';
export const TRIGGER_QUEUE = 'triggers';
export const WEBHOOK_QUEUE = 'webhooks';

/** BullMQ wants its own connections, and blocking ones must not give up on retries. */
export function bullConnection(redisUrl: string): ConnectionOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
  };
}

/** A duplicate enqueue of the same spool row is one job. */
export const inboundJobId = (inboundId: number) => `inbound-${inboundId}`;

/** One job per outbox row: queuing the same row twice while a job waits is one job. */
export const outboundJobId = (outboundId: number) => `outbound-${outboundId}`;

/** One job per trigger run (a ticket's events of one change): its row is the record, the job the nudge. */
export const triggerJobId = (runId: number, attempt = 0) => `trigger-${runId}${attempt ? `-a${attempt}` : ''}`;

/** One job per webhook delivery. */
export const webhookJobId = (deliveryId: number) => `webhook-${deliveryId}`;
