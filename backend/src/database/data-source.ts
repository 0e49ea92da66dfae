import { Client, types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { InitialSchema1764000000000 } from './migrations/1764000000000-InitialSchema';
import { MailIn1764000100000 } from './migrations/1764000100000-MailIn';
import { MailThreading1764000200000 } from './migrations/1764000200000-MailThreading';
import { TicketCountDeltas1764000300000 } from './migrations/1764000300000-TicketCountDeltas';
import { MailOut1764000400000 } from './migrations/1764000400000-MailOut';
import { AgentUi1764000500000 } from './migrations/1764000500000-AgentUi';
import { DomainEvents1764000600000 } from './migrations/1764000600000-DomainEvents';
import { Identity1764000800000 } from './migrations/1764000800000-Identity';
import { MailSources1764001200000 } from './migrations/1764001200000-MailSources';
import { MailTransports1764001210000 } from './migrations/1764001210000-MailTransports';
import { LOCKS } from './locks';

// Ids and counts are bigint in SQL; JavaScript numbers hold them exactly up to 2^53,
// far beyond any help desk, and keep the JSON API free of stringly ids.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));

export const MIGRATIONS = [
  InitialSchema1764000000000,
  MailIn1764000100000,
  MailThreading1764000200000,
  TicketCountDeltas1764000300000,
  MailOut1764000400000,
  AgentUi1764000500000,
  DomainEvents1764000600000,
  Identity1764000800000,
  MailSources1764001200000,
  MailTransports1764001210000,
];

export function dataSourceOptions(databaseUrl: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    // No entities: SQL lives in repositories (`*.repository.ts`); TypeORM runs the migrations and keeps the pool.
    entities: [],
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000 },
  };
}

/** Applies pending migrations under an advisory lock so concurrent starts apply them once. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(databaseUrl), migrationsTransactionMode: 'each' });
  await ds.initialize();
  // The lock is per connection, so hold it on one dedicated connection.
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [LOCKS.migrations]);
    const applied = await ds.runMigrations();
    return applied.map((m) => m.name);
  } finally {
    await lock.release();
    await ds.destroy();
  }
}

/**
 * Runs `work` holding the first-start setup lock (a session advisory lock on a connection
 * of its own): the migrate role holds it from before its migrations until its seeding is
 * done, so another role that sees the new schema and then takes it finds that seeding done.
 */
export async function withSetupLock<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCKS.setup]);
    return await work();
  } finally {
    // Ending the session releases the lock, also when `work` failed.
    await client.end().catch(() => undefined);
  }
}
