import { QueryFailedError } from 'typeorm';

/** A statement broke a unique index (SQLSTATE 23505): someone else holds that name or address. */
export const isUniqueViolation = (e: unknown): boolean =>
  e instanceof QueryFailedError && (e as { code?: string }).code === '23505';

/**
 * Whether a failure is the data's own fault, one that repeats on every attempt however
 * healthy the database is: a PostgreSQL error of SQLSTATE class 22 (data exception, e.g.
 * an invalid byte sequence), 23 (integrity constraint), 54 (program limit exceeded, e.g.
 * "string is too long for tsvector"), 42 (syntax or access rule) or P0 (raised by a
 * trigger). Anything else (connection loss, timeouts, server restarts, unknown errors)
 * may pass, so it never counts against a message. Looks through TypeORM's `driverError`.
 */
export function isDataFault(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = typeof err?.code === 'string' ? err.code : err?.driverError?.code;
  return typeof code === 'string' && /^(22|23|54|42|P0)[0-9A-Z]{3}$/.test(code);
}

/**
 * Whether the connection a statement failed on is in a known state: the server answered
 * with an error of the statement's own (a SQLSTATE outside class 08, connection exception,
 * and 57P, the server going away), and the client and server are in step. Anything else
 * (node-postgres `query_timeout`, a socket error, a pool timeout) failed on our side only:
 * the statement may still be running there, so that connection must not be reused.
 */
export function answeredByServer(e: unknown): boolean {
  const err = e as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = typeof err?.code === 'string' ? err.code : err?.driverError?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57P)/.test(code);
}

/**
 * Whether a connection may go back to the pool after this failure: the server answered it
 * ({@link answeredByServer}), and it is not a prepared statement whose plan a migration made
 * stale (SQLSTATE 0A000, "cached plan must not change result type", PostgreSQL
 * plancache.c): the connection keeps that statement, so it would fail the same way on every
 * use; a new connection prepares it afresh.
 */
export function connectionReusable(e: unknown): boolean {
  if (!answeredByServer(e)) return false;
  const err = e as { code?: unknown; message?: unknown };
  return !(err.code === '0A000' && /cached plan must not change result type/.test(String(err.message)));
}
