/** Socket errors of a server that is down, unreachable or gone mid-conversation. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/**
 * PostgreSQL SQLSTATEs of a server that cannot serve now: class 08 (connection exception),
 * 57P01-57P03 (shutting down, crashed, not yet accepting connections), 53300 (too many connections).
 */
const POSTGRES_STATES = /^(08\d{3}|57P0[123]|53300)$/;
/**
 * Messages node-postgres, pg-pool, TypeORM and ioredis give for a dependency that does not
 * answer (in time). TypeORM's QueryRunnerAlreadyReleasedError ("Query runner already
 * released") is what a query gets after its connection died under it (seen with PostgreSQL
 * stopped mid-transaction): an outage, not a fault of the message being processed.
 */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Reached the max retries per request limit|Connection is closed|Stream isn't writeable|ECONNREFUSED|the database system is (shutting down|starting up|in recovery mode)|terminating connection due to administrator command|connection provided by a query runner was already released|Query runner already released/i;

/**
 * Whether an error means a dependency (PostgreSQL, Redis) is unavailable, as opposed to a
 * fault in the request or the code: the answer is then 503 (try again), and the log says it
 * once per outage rather than once per request. Looks through `cause` and TypeORM's
 * `driverError`.
 */
export function isDependencyUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 3) return false;
  const err = e as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown };
  if (typeof err.code === 'string' && (NETWORK_CODES.has(err.code) || POSTGRES_STATES.test(err.code))) return true;
  if (typeof err.message === 'string' && MESSAGES.test(err.message)) return true;
  return isDependencyUnavailable(err.driverError, depth + 1) || isDependencyUnavailable(err.cause, depth + 1);
}
