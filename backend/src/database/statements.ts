import { QueryFailedError, QueryRunner, QueryRunnerAlreadyReleasedError } from 'typeorm';

/** What node-postgres answers for one statement. */
interface PgResult {
  rows?: unknown[];
  rowCount?: number | null;
}

/** The node-postgres client under a TypeORM query runner. */
interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<PgResult>;
}

/** Rows and the count of rows a write touched, as `QueryRunner.query(…, true)` gives them. */
export interface StatementResult {
  records: unknown[];
  affected: number;
}

/**
 * The name of each statement text seen (null: runs unnamed), for the whole process: every
 * Sql shares the pool, and a connection must never know one name for two texts.
 */
const names = new Map<string, string | null>();
let named = 0;
/** Names at most, per process: SQL built per call must not fill every connection's memory on the server. */
const MAX_NAMES = 500;

/**
 * Runs repository SQL on a query runner's connection, as a named prepared statement where it
 * can be one (node-postgres `name`, PostgreSQL's extended protocol): each connection parses
 * and plans a statement once, later runs only bind and execute. On the mail-in path that took
 * a third off PostgreSQL's CPU per message (`npm run bench -- mail-in`, architecture.md). A
 * statement runs unnamed, as before, when:
 * - prepared statements are off (DATABASE_PREPARED_STATEMENTS=false: a pooler in
 *   transaction mode that cannot keep them, such as PgBouncer before 1.21);
 * - it has no parameters (the simple protocol, which also allows several statements);
 * - its caller asks for a plan per call (`perCall`): the inbox lists and counts, whose best
 *   plan depends on the filter's values, where a generic plan may not fit a rare status or tag;
 * - it returns `*` (or has any `*` other than `count(*)`): its result type follows a table,
 *   and a migration applied while this process runs (a rolling upgrade) would fail its
 *   prepared plan ("cached plan must not change result type"; connectionReusable in
 *   database-errors.ts retires a connection that hits that all the same);
 * - MAX_NAMES distinct statements already have names in this process.
 * Throws TypeORM's QueryFailedError (with the driver's `code`), as `QueryRunner.query` does.
 */
export class Statements {
  constructor(private readonly prepared: boolean) {}

  /** `perCall`: never prepared (Sql's RunOptions). */
  async run(runner: QueryRunner, text: string, values: unknown[], perCall = false): Promise<StatementResult> {
    if (runner.isReleased) throw new QueryRunnerAlreadyReleasedError();
    const client = (await runner.connect()) as PgClient;
    let raw: PgResult;
    try {
      raw = await client.query({ name: perCall ? undefined : this.nameOf(text, values), text, values });
    } catch (e) {
      throw new QueryFailedError(text, values, e as Error);
    }
    return { records: raw.rows ?? [], affected: raw.rowCount ?? 0 };
  }

  private nameOf(text: string, values: unknown[]): string | undefined {
    if (!this.prepared || values.length === 0) return undefined;
    let name = names.get(text);
    if (name === undefined) {
      const namable = named < MAX_NAMES && !text.replace(/count\(\*\)/gi, '').includes('*');
      name = namable ? `hd_${named++}` : null;
      names.set(text, name);
    }
    return name ?? undefined;
  }
}
