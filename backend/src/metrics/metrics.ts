import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { ScrapedGauge } from './scraped-gauge';

/**
 * The metrics of this process, served on METRICS_PORT by every role. The domain metrics
 * are the ones agreed in docs/architecture.md ("Metrics"): the chart's alerts and
 * dashboard are written against these names and labels (a test compares them), and no
 * label carries a user, an address or anything else without a small fixed set of values.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'helpdesk_' });

export const httpRequestDuration = new Histogram({
  name: 'helpdesk_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Role smtp: connections accepted (after the PROXY header, when one is expected). */
export const smtpSessions = new Counter({
  name: 'helpdesk_smtp_sessions_total',
  help: 'SMTP connections accepted',
  registers: [metricsRegistry],
});

/** Role smtp: the final answer to each RCPT TO and DATA, and the 421 of a shutdown. */
export const smtpReplies = new Counter({
  name: 'helpdesk_smtp_replies_total',
  help: 'Final SMTP replies to RCPT TO and DATA, by reply code',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

/** Role worker: from the spool row's commit (received_at) to the commit of its ticket (or its rejection). */
/** Spooled messages that became `failed` after HELPDESK_INBOUND_MAX_ATTEMPTS failed attempts (worker). */
export const inboundFailed = new Counter({
  name: 'helpdesk_inbound_failed_total',
  help: 'Spooled messages given up after HELPDESK_INBOUND_MAX_ATTEMPTS failed processing attempts',
  registers: [metricsRegistry],
});

export const inboundProcessing = new Histogram({
  name: 'helpdesk_inbound_processing_seconds',
  help: 'Time from a spooled message to its ticket',
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  registers: [metricsRegistry],
});

/** Role worker: each attempt to hand an outbox row to the relay. */
export const outboundDeliveries = new Counter({
  name: 'helpdesk_outbound_deliveries_total',
  help: 'Attempts to hand an outgoing mail to the relay, by result (sent, retry, failed)',
  labelNames: ['result'] as const,
  registers: [metricsRegistry],
});

/** Role api: refused sign-ins, wrong credentials and rate-limited ones alike. */
export const loginFailures = new Counter({
  name: 'helpdesk_login_failures_total',
  help: 'Failed sign-ins (rate-limited ones included)',
  registers: [metricsRegistry],
});

// Gauges read when Prometheus scrapes, from the database (role worker: the alerts take max
// over the workers), from Redis (role worker) and from the Socket.IO server (role api).
export const spoolBacklog = new ScrapedGauge(
  metricsRegistry,
  'helpdesk_spool_backlog',
  'Spooled messages received and not yet processed (counted up to 100000)',
);
export const spoolOldestAge = new ScrapedGauge(
  metricsRegistry,
  'helpdesk_spool_oldest_age_seconds',
  'Age of the oldest spooled message not yet processed (0 when none)',
);
export const outboxMessages = new ScrapedGauge(
  metricsRegistry,
  'helpdesk_outbox_messages',
  'Outbox rows by status: queued, sending, held, failed (each counted up to 100000)',
);
export const queueJobs = new ScrapedGauge(
  metricsRegistry,
  'helpdesk_queue_jobs',
  'BullMQ jobs by queue and state: waiting, active, delayed, failed',
);
export const realtimeConnections = new ScrapedGauge(
  metricsRegistry,
  'helpdesk_realtime_connections',
  'Socket.IO connections to this api process',
);

// Series that exist before their first event, so that `increase()` sees that event
// (Prometheus cannot tell a new series' first sample from a counter that began there).
for (const result of ['sent', 'retry', 'failed']) outboundDeliveries.inc({ result }, 0);
for (const code of ['250', '421', '451', '452', '550', '552']) smtpReplies.inc({ code }, 0);

/**
 * Counts the SMTP reply a callback's promise ends in: 250 when it resolves, the error's
 * `responseCode` when it rejects (or `fallback`, the code smtp-server itself answers for
 * an error without one: 550 for RCPT TO, 450 for DATA). Returns the same promise.
 */
export function countSmtpReply<T>(reply: Promise<T>, fallback: number): Promise<T> {
  return reply.then(
    (value) => {
      smtpReplies.inc({ code: '250' });
      return value;
    },
    (e: Error & { responseCode?: number }) => {
      smtpReplies.inc({ code: String(e.responseCode ?? fallback) });
      throw e;
    },
  );
}
