import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from '../metrics/metrics';

/**
 * Mailbox source metrics, exported by the worker that holds each source's lease. Alert on
 * `helpdesk_source_up == 0`, and on `time() - helpdesk_source_last_fetch_timestamp_seconds`
 * growing (fetching that stops without an error), and on absent() of both (no worker holds it).
 */
export const sourceUp = new Gauge({
  name: 'helpdesk_source_up',
  help: '1 while the last attempt to fetch from a mailbox source succeeded, 0 while it fails',
  labelNames: ['mailbox', 'type'] as const,
  registers: [metricsRegistry],
});

export const sourceLastFetch = new Gauge({
  name: 'helpdesk_source_last_fetch_timestamp_seconds',
  help: 'When a mailbox source last fetched everything new (Unix time)',
  labelNames: ['mailbox', 'type'] as const,
  registers: [metricsRegistry],
});

export const sourceMessages = new Counter({
  name: 'helpdesk_source_messages_total',
  help: 'Messages a mailbox source handled: fetched into the spool, duplicate (already spooled), failed (will retry), skipped (given up)',
  labelNames: ['mailbox', 'type', 'outcome'] as const,
  registers: [metricsRegistry],
});

export const sourceErrors = new Counter({
  name: 'helpdesk_source_errors_total',
  help: 'Failed attempts of a mailbox source, by kind (auth, tls, not_found, config, network, server, throttled)',
  labelNames: ['mailbox', 'type', 'kind'] as const,
  registers: [metricsRegistry],
});

export const sourceLeases = new Gauge({
  name: 'helpdesk_source_leases',
  help: 'Mailbox sources this process fetches for (holds the lease of)',
  registers: [metricsRegistry],
});

/** Drops a source's per-source series when this process stops fetching for it. */
export function forgetSourceMetrics(labels: { mailbox: string; type: string }) {
  sourceUp.remove(labels);
  sourceLastFetch.remove(labels);
}

export const sourcePushNotifications = new Counter({
  name: 'helpdesk_source_push_notifications_total',
  help: 'Change notifications received on the api role, by provider (graph, gmail) and outcome (woke a fetcher, or ignored: unknown subscription or mailbox, wrong clientState, bad signature)',
  labelNames: ['provider', 'outcome'] as const,
  registers: [metricsRegistry],
});
