import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One registry per process; every role exposes it at /metrics. */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'helpdesk_' });

export const httpRequestDuration = new Histogram({
  name: 'helpdesk_http_request_duration_seconds',
  help: 'HTTP request duration by method, route and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metricsRegistry],
});

/** Spooled messages that became `failed` after HELPDESK_INBOUND_MAX_ATTEMPTS failed attempts (worker). */
export const inboundFailed = new Counter({
  name: 'helpdesk_inbound_failed_total',
  help: 'Spooled messages given up after HELPDESK_INBOUND_MAX_ATTEMPTS failed processing attempts',
  registers: [metricsRegistry],
});
