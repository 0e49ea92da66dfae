import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { connectionReusable } from './database-errors';
import { Statements } from './statements';
import { releaseRunner, runnerOf, Tx } from './transactions';

export interface RunOptions {
  /**
   * Planned on each call for its own values, never prepared: a list or count whose best plan
   * depends on its filter, where a prepared statement's generic plan may not fit.
   */
  perCall?: boolean;
}

/**
 * Runs SQL for repositories (and only for them: `npm run lint` holds every other file
 * to that). A statement runs on the transaction it is given, or else on a pooled
 * connection of its own. Rows come back as PostgreSQL sends them: snake_case columns,
 * bigint as number (data-source.ts), timestamptz as Date. Statements run prepared where
 * they can (statements.ts).
 */
@Injectable()
export class Sql {
  private readonly statements: Statements;

  /** `config`: DATABASE_PREPARED_STATEMENTS (prepared when absent). */
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) config?: { readonly database: Pick<Config['database'], 'preparedStatements'> },
  ) {
    this.statements = new Statements(config?.database.preparedStatements ?? true);
  }

  /** The rows of a statement (a SELECT, or a write with RETURNING). */
  async rows<T>(text: string, params: unknown[] = [], tx?: Tx, options: RunOptions = {}): Promise<T[]> {
    return (await this.run(text, params, tx, options)).records as T[];
  }

  /** The first row of a statement, or undefined when it returned none. */
  async row<T>(text: string, params: unknown[] = [], tx?: Tx, options: RunOptions = {}): Promise<T | undefined> {
    return (await this.rows<T>(text, params, tx, options))[0];
  }

  /** How many rows a write touched. */
  async execute(text: string, params: unknown[] = [], tx?: Tx): Promise<number> {
    return (await this.run(text, params, tx)).affected ?? 0;
  }

  private async run(text: string, params: unknown[], tx?: Tx, { perCall = false }: RunOptions = {}) {
    if (tx) return this.statements.run(runnerOf(tx), text, params, perCall);
    const runner = this.db.createQueryRunner();
    let result;
    try {
      result = await this.statements.run(runner, text, params, perCall);
    } catch (e) {
      // A statement that failed on our side only may still be running there: that connection goes.
      await releaseRunner(runner, connectionReusable(e) ? undefined : e);
      throw e;
    }
    await releaseRunner(runner);
    return result;
  }
}

/**
 * `col = $n, …` for the columns given a value (undefined: left out; null: a value),
 * numbered from `$first`, with their values in the same order.
 */
export function assignments(columns: Record<string, unknown>, first: number): { sql: string[]; values: unknown[] } {
  const given = Object.entries(columns).filter(([, v]) => v !== undefined);
  return { sql: given.map(([c], i) => `${c} = $${i + first}`), values: given.map(([, v]) => v) };
}
