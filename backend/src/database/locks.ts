/**
 * Every PostgreSQL advisory-lock key the app takes, in one registry so no two uses share
 * a key by accident (the setup lock once reused the outbound sweeper's). Keys are bigint
 * in PostgreSQL; these stay in one small range that is ours.
 */
export const LOCKS = {
  /** Session lock while migrations run: concurrent starts apply them once. */
  migrations: 827361,
  /** Transaction lock around creating or activating users: the licence's seat count holds. */
  users: 827362,
  /** One worker replica sweeps the inbound spool at a time. */
  inboundSweep: 827363,
  /** One worker replica sweeps the outbox at a time. */
  outboundSweep: 827364,
  /** Session lock from before the migrations until the first admin exists (first install). */
  setup: 827365,
  /** One worker replica sweeps the trigger runs at a time. */
  triggerSweep: 827366,
  /** One worker replica sweeps the webhook deliveries at a time. */
  webhookSweep: 827367,
} as const;

export type LockName = keyof typeof LOCKS;
