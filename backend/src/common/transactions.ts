import { DataSource, EntityManager, QueryFailedError } from 'typeorm';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure

/** Runs a transaction, retrying a few times when PostgreSQL aborts it for a deadlock. */
export async function transaction<T>(
  db: DataSource,
  work: (tx: EntityManager) => Promise<T>,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(work);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (attempt >= attempts || !(e instanceof QueryFailedError) || !code || !RETRYABLE.has(code)) throw e;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}
