import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError, QueryRunner } from 'typeorm';
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
    let tx!: OpenTransaction;
    const run = async (manager: EntityManager) => {
      tx = new OpenTransaction(manager.queryRunner!);
      const result = await work(tx as unknown as Tx);
      // Hooks may register more hooks (a subscriber's change records events of its own).
      while (tx.beforeCommit.length) await tx.beforeCommit.shift()!();
      return result;
    };
    const result = isolation ? await this.db.transaction(isolation, run) : await this.db.transaction(run);
    for (const hook of tx.afterCommit) {
      await hook().catch((e: Error) => this.logger.warn(`after commit: ${e.stack ?? e.message}`));
    }
    return result;
  }
}
