import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';
import { Sql } from './sql';
import { Transactions } from './transactions';

/** What start-up work outside Nest (migrate, seed) gets: the same Sql and Transactions as the app. */
export interface StandaloneDatabase {
  sql: Sql;
  transactions: Transactions;
}

/** Runs `work` over a small pool of its own (two connections), closed afterwards whatever happens. */
export async function withDatabase<T>(databaseUrl: string, work: (db: StandaloneDatabase) => Promise<T>): Promise<T> {
  const ds = new DataSource({ ...dataSourceOptions(databaseUrl), extra: { max: 2 } });
  await ds.initialize();
  try {
    // One-off work: nothing to gain from prepared statements, and no config to say whether a pooler allows them.
    const sql = new Sql(ds, { database: { preparedStatements: false } });
    return await work({ sql, transactions: new Transactions(ds) });
  } finally {
    await ds.destroy();
  }
}
