import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { Sql } from '../src/database/sql';
import { Transactions } from '../src/database/transactions';
import { createTestDatabase } from './support/test-app';

/**
 * A statement that times out on our side (node-postgres `query_timeout`) is still running on
 * the server, and the ROLLBACK queued behind it times out too. That connection must not serve
 * the next borrower: its statements would run inside the abandoned transaction, uncommitted
 * and holding their locks, until someone else's COMMIT made them durable. Seen as replies left
 * `sending` after PostgreSQL was frozen (SIGSTOP): their claims ran in such a transaction.
 * Here a row lock held by another session stands in for the frozen server.
 */
describe('pooled connections after a client-side timeout', () => {
  const TIMEOUT_MS = 300;
  let url: string;
  let ds: DataSource;
  let holder: Client;
  let observer: Client;

  beforeAll(async () => {
    url = await createTestDatabase();
    // One connection, so the next borrower gets the very connection the timeout left behind.
    ds = new DataSource(dataSourceOptions(url, 1, TIMEOUT_MS));
    await ds.initialize();
    holder = new Client({ connectionString: url });
    observer = new Client({ connectionString: url });
    await holder.connect();
    await observer.connect();
    await observer.query('CREATE TABLE probe (id int PRIMARY KEY, v int NOT NULL)');
    await observer.query('INSERT INTO probe VALUES (1, 0)');
  });
  afterAll(async () => {
    await ds?.destroy();
    await holder?.end();
    await observer?.end();
  });

  /** Holds row 1 until `release` runs: a statement touching it waits on the server. */
  const holdRow = async () => {
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM probe WHERE id = 1 FOR UPDATE');
    return () => holder.query('ROLLBACK');
  };

  it('a transaction cut off by the timeout leaves no open transaction for the next statement', async () => {
    const sql = new Sql(ds);
    const release = await holdRow();
    await expect(
      new Transactions(ds).run((tx) => sql.execute('UPDATE probe SET v = v + 1 WHERE id = 1', [], tx)),
    ).rejects.toThrow(/Query read timeout/);
    // The UPDATE now gets its lock and runs; on a connection given back to the pool it would
    // leave that transaction open, waiting for whoever borrows the connection next.
    await release();
    await new Promise((r) => setTimeout(r, 100));

    await sql.execute('INSERT INTO probe VALUES (2, 0)');
    // Committed: another session sees it and may change it at once.
    expect((await observer.query('SELECT id FROM probe WHERE id = 2')).rowCount).toBe(1);
    await observer.query(`SET lock_timeout = '1s'`);
    await observer.query('UPDATE probe SET v = 5 WHERE id = 1');
    expect((await observer.query('SELECT v FROM probe WHERE id = 1')).rows[0].v).toBe(5);
  });

  it('a statement cut off outside a transaction does not hold up the next one behind it', async () => {
    const sql = new Sql(ds);
    const release = await holdRow();
    await expect(sql.execute('UPDATE probe SET v = v + 1 WHERE id = 1')).rejects.toThrow(/Query read timeout/);
    // Still held: on the same connection the next statement would queue behind the cut-off one and time out too.
    expect(await sql.row<{ one: number }>('SELECT 1 AS one')).toEqual({ one: 1 });
    await release();
  });

  it('an error of the statement itself (not the connection) keeps the connection', async () => {
    const sql = new Sql(ds);
    const pid = async () => (await sql.row<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!.pid;
    const before = await pid();
    await expect(
      new Transactions(ds).run((tx) => sql.execute('INSERT INTO probe VALUES (1, 0)', [], tx)),
    ).rejects.toThrow(/duplicate key/);
    await expect(sql.execute('INSERT INTO probe VALUES (1, 0)')).rejects.toThrow(/duplicate key/);
    expect(await pid()).toBe(before);
  });
});
