import { QueryFailedError } from 'typeorm';

/** A statement broke a unique index (SQLSTATE 23505): someone else holds that name or address. */
export const isUniqueViolation = (e: unknown): boolean =>
  e instanceof QueryFailedError && (e as { code?: string }).code === '23505';
