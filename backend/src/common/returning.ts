/** Anything that runs SQL: the DataSource, or a transaction's EntityManager. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  query(sql: string, params?: unknown[]): Promise<any>;
}

/**
 * The rows of an `UPDATE … RETURNING` or `DELETE … RETURNING`: TypeORM answers those
 * with `[rows, rowCount]` instead of the rows an INSERT or SELECT gives.
 */
export async function returning<T = Record<string, unknown>>(
  db: Queryable,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const [rows] = (await db.query(sql, params)) as [T[], number];
  return rows;
}
