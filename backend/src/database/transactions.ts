import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError, QueryRunner } from 'typeorm';
import { connectionReusable } from './database-errors';
import { LOCKS } from './locks';

declare const TX: unique symbol;

/**
 * An open transaction. Opaque outside `database/`: a service gets one from
 * `Transactions.run` and hands it to repositories, which run their statements on it.
 */
export interface Tx {
  readonly [TX]: true;
}

type Hook = () => Promise<void>;

/** What a Tx is inside database/: the connection it runs on and the hooks around its commit. */
class OpenTransaction {
  readonly beforeCommit: Hook[] = [];
  readonly afterCommit: Hook[] = [];
  savepoints = 0;
  constructor(readonly runner: QueryRunner) {}
}

/**
 * Gives a runner's connection back to the pool, or, when it is `broken` (its state is
 * unknown), has the pool close it. A statement that failed on our side only (node-postgres
 * `query_timeout` while the server was frozen, a socket error) may still run on the server
 * later, and a ROLLBACK queued behind it is dropped with it: reused, such a connection
 * would run the next borrower's statements inside a transaction nobody commits (holding
 * their row locks) or that someone else's COMMIT makes durable. pg-pool closes a client
 * released with an error (`release(err)`); the server then rolls back what was open.
 */
export async function releaseRunner(runner: QueryRunner, broken?: unknown): Promise<void> {
  if (broken === undefined) return runner.release();
  // TypeORM's own way to hand pg-pool the error (private in its typings; database-connections.e2e-spec holds it to its word).
  await (runner as unknown as { releasePostgresConnection(err: unknown): Promise<void> }).releasePostgresConnection(
    broken,
  );
}

/** A point inside a transaction to go back to (`Transactions.savepoint`). */
export interface Savepoint {
  /** Undoes the statements run since and drops the commit hooks registered since; the transaction goes on. */
  rollback(): Promise<void>;
}

const open = (tx: Tx) => tx as unknown as OpenTransaction;

/** The connection a transaction runs on (for `Sql` only). */
export const runnerOf = (tx: Tx): QueryRunner => open(tx).runner;

/**
 * Work to do when the transaction `tx` commits: `before` runs inside it, after the
 * caller's work and before COMMIT (a throw rolls everything back); `after` runs once it
 * has committed and its connection is back in the pool (a throw is logged, never
 * raised: the change is already durable). Hooks registered while hooks run are run too.
 */
export function onCommit(tx: Tx, hooks: { before?: Hook; after?: Hook }): void {
  if (hooks.before) open(tx).beforeCommit.push(hooks.before);
  if (hooks.after) open(tx).afterCommit.push(hooks.after);
}

export type Isolation = 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock detected, serialization failure
const retryable = (e: unknown) => e instanceof QueryFailedError && RETRYABLE.has((e as { code?: string }).code ?? '');

/**
 * Transactions for services (a service never holds a connection itself). Model:
 * Immich's repositories take no transaction; ours take the `Tx` this hands out, so one
 * service call can span several repositories in one commit.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Runs `work` in a transaction, then its commit hooks (see `onCommit`). With
   * `attempts` > 1 a transaction PostgreSQL aborts for a deadlock or a serialization
   * failure runs again from the start, on a fresh Tx (its hooks are dropped with it).
   */
  async run<T>(work: (tx: Tx) => Promise<T>, options: { isolation?: Isolation; attempts?: number } = {}): Promise<T> {
    const attempts = options.attempts ?? 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work, options.isolation);
      } catch (e) {
        if (attempt >= attempts || !retryable(e)) throw e;
        await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
      }
    }
  }

  /** Waits for the advisory lock `key` until the transaction ends (LOCKS names every key). */
  async lock(tx: Tx, key: (typeof LOCKS)[keyof typeof LOCKS]): Promise<void> {
    await runnerOf(tx).query('SELECT pg_advisory_xact_lock($1)', [key]);
  }

  /** Takes the advisory lock `key` for the transaction if no other holds it; false when one does. */
  async tryLock(tx: Tx, key: (typeof LOCKS)[keyof typeof LOCKS]): Promise<boolean> {
    const [row] = (await runnerOf(tx).query('SELECT pg_try_advisory_xact_lock($1) AS locked', [key])) as {
      locked: boolean;
    }[];
    return row.locked;
  }

  /**
   * Marks a point in `tx` that `rollback()` returns to (PostgreSQL SAVEPOINT): a part of
   * the transaction that may fail (a rule acting inside the change that fired it) can be
   * undone while the rest commits. Costs one round trip; a savepoint needs no release.
   */
  async savepoint(tx: Tx): Promise<Savepoint> {
    const t = open(tx);
    const name = `sp_${++t.savepoints}`;
    await t.runner.query(`SAVEPOINT ${name}`);
    const before = new Set(t.beforeCommit);
    const after = t.afterCommit.length;
    return {
      rollback: async () => {
        await t.runner.query(`ROLLBACK TO SAVEPOINT ${name}`);
        // Hooks of the undone part would announce or finish work that no longer exists.
        for (let i = t.beforeCommit.length - 1; i >= 0; i--)
          if (!before.has(t.beforeCommit[i])) t.beforeCommit.splice(i, 1);
        t.afterCommit.length = after;
      },
    };
  }

  private async once<T>(work: (tx: Tx) => Promise<T>, isolation?: Isolation): Promise<T> {
    // Not TypeORM's `transaction()`: it ignores a failed ROLLBACK and puts the connection back in the pool.
    const runner = this.db.createQueryRunner();
    const tx = new OpenTransaction(runner);
    let result: T;
    try {
      await runner.startTransaction(isolation);
      result = await work(tx as unknown as Tx);
      // Hooks may register more hooks (a subscriber's change records events of its own).
      while (tx.beforeCommit.length) await tx.beforeCommit.shift()!();
      await runner.commitTransaction();
    } catch (e) {
      // The work's own errors (a 404, a conflict) leave the connection as sound as a server's error answer.
      let broken: unknown = e instanceof QueryFailedError && !connectionReusable(e) ? e : undefined;
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch((r: unknown) => (broken ??= r));
      await releaseRunner(runner, broken);
      throw e;
    }
    await releaseRunner(runner);
    for (const hook of tx.afterCommit) {
      await hook().catch((e: Error) => this.logger.warn(`after commit: ${e.stack ?? e.message}`));
    }
    return result;
  }
}
