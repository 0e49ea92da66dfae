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
    return await work({ sql: new Sql(ds), transactions: new Transactions(ds) });
  } finally {
    await ds.destroy();
  }
}
