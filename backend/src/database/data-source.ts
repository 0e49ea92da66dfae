import { Client, types } from 'pg';
import { DataSource, DataSourceOptions } from 'typeorm';
import { InitialSchema1764000000000 } from './migrations/1764000000000-InitialSchema';
import { MailIn1764000100000 } from './migrations/1764000100000-MailIn';
import { MailThreading1764000200000 } from './migrations/1764000200000-MailThreading';
import { TicketCountDeltas1764000300000 } from './migrations/1764000300000-TicketCountDeltas';
import { MailOut1764000400000 } from './migrations/1764000400000-MailOut';
import { AgentUi1764000500000 } from './migrations/1764000500000-AgentUi';
import { DomainEvents1764000600000 } from './migrations/1764000600000-DomainEvents';
import { SearchBounds1764000700000 } from './migrations/1764000700000-SearchBounds';
import { SenderAuth1764000710000 } from './migrations/1764000710000-SenderAuth';
import { OutboundClaim1764000720000 } from './migrations/1764000720000-OutboundClaim';
import { InboundFailed1764000730000 } from './migrations/1764000730000-InboundFailed';
import { MessageFingerprint1764000740000 } from './migrations/1764000740000-MessageFingerprint';
import { Identity1764000800000 } from './migrations/1764000800000-Identity';
import { ScopedAgents1764000810000 } from './migrations/1764000810000-ScopedAgents';
import { CustomerErasure1764000820000 } from './migrations/1764000820000-CustomerErasure';
import { ObjectStorage1764000950000 } from './migrations/1764000950000-ObjectStorage';
import { TicketModel1764001000000 } from './migrations/1764001000000-TicketModel';
import { BusinessRules1764001100000 } from './migrations/1764001100000-BusinessRules';
import { MailSources1764001200000 } from './migrations/1764001200000-MailSources';
import { MailTransports1764001210000 } from './migrations/1764001210000-MailTransports';
import { TriageListFields1764001300000 } from './migrations/1764001300000-TriageListFields';
import { AutomaticSpamTrash1764001400000 } from './migrations/1764001400000-AutomaticSpamTrash';
import { PasswordLinks1764001450000 } from './migrations/1764001450000-PasswordLinks';
import { MailTemplateSwitch1764001500000 } from './migrations/1764001500000-MailTemplateSwitch';
import { SpoolSubjects1764001510000 } from './migrations/1764001510000-SpoolSubjects';
import { Notifications1764001520000 } from './migrations/1764001520000-Notifications';
import { Drafts1764001600000 } from './migrations/1764001600000-Drafts';
import { CcForward1764001620000 } from './migrations/1764001620000-CcForward';
import { MailSourcePush1764001630000 } from './migrations/1764001630000-MailSourcePush';
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
  SearchBounds1764000700000,
  SenderAuth1764000710000,
  OutboundClaim1764000720000,
  InboundFailed1764000730000,
  MessageFingerprint1764000740000,
  Identity1764000800000,
  ScopedAgents1764000810000,
  CustomerErasure1764000820000,
  ObjectStorage1764000950000,
  TicketModel1764001000000,
  BusinessRules1764001100000,
  MailSources1764001200000,
  MailTransports1764001210000,
  TriageListFields1764001300000,
  AutomaticSpamTrash1764001400000,
  PasswordLinks1764001450000,
  MailTemplateSwitch1764001500000,
  SpoolSubjects1764001510000,
  Notifications1764001520000,
  Drafts1764001600000,
  CcForward1764001620000,
  MailSourcePush1764001630000,
];

/**
 * The app's connection settings. `queryTimeoutMs` bounds every query on the client side
 * (node-postgres `query_timeout`): a frozen or vanished server fails a request instead of
 * holding it forever. Migrations and set-up pass none (they may legitimately run long).
 */
export function dataSourceOptions(databaseUrl: string, poolSize = 10, queryTimeoutMs?: number): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    // No entities: SQL lives in repositories (`*.repository.ts`); TypeORM runs the migrations and keeps the pool.
    entities: [],
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, keepAlive: true, query_timeout: queryTimeoutMs },
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
