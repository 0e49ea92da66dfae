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

/**
 * Repository SQL runs as named prepared statements (database/statements.ts): parsed and
 * planned once per connection. A migration that changes what a prepared statement returns,
 * applied while the app runs (a rolling upgrade), must cost one failed statement at most,
 * never a connection that fails it forever.
 */
describe('prepared statements', () => {
  let url: string;
  let ds: DataSource;
  let observer: Client;
  const prepared = (sql: Sql) =>
    sql.rows<{ statement: string }>(
      `SELECT statement FROM pg_prepared_statements WHERE $1::int = 1 ORDER BY name`,
      [1],
    );

  beforeAll(async () => {
    url = await createTestDatabase();
    // One connection: every statement below runs on the same one while it lives.
    ds = new DataSource(dataSourceOptions(url, 1));
    await ds.initialize();
    observer = new Client({ connectionString: url });
    await observer.connect();
    await observer.query('CREATE TABLE item (id int PRIMARY KEY, v int NOT NULL)');
    await observer.query('INSERT INTO item VALUES (1, 10), (2, 20)');
  });
  afterAll(async () => {
    await ds?.destroy();
    await observer?.end();
  });

  it('prepares statements with parameters once per connection; `*`, parameterless and switched-off ones run unnamed', async () => {
    const sql = new Sql(ds);
    for (let i = 0; i < 3; i++) expect(await sql.row('SELECT v FROM item WHERE id = $1', [1])).toEqual({ v: 10 });
    expect(await sql.row('SELECT * FROM item WHERE id = $1', [2])).toEqual({ id: 2, v: 20 });
    expect(await sql.row('SELECT count(*)::int AS n FROM item WHERE v > $1', [0])).toEqual({ n: 2 });
    expect(await sql.row('SELECT v FROM item WHERE id = 2')).toEqual({ v: 20 });
    expect((await prepared(sql)).map((r) => r.statement)).toEqual([
      'SELECT v FROM item WHERE id = $1',
      'SELECT count(*)::int AS n FROM item WHERE v > $1',
      `SELECT statement FROM pg_prepared_statements WHERE $1::int = 1 ORDER BY name`,
    ]);

    const off = new Sql(ds, { database: { preparedStatements: false } });
    expect(await off.row('SELECT v + 1 AS w FROM item WHERE id = $1', [1])).toEqual({ w: 11 });
    expect((await prepared(sql)).map((r) => r.statement)).not.toContain('SELECT v + 1 AS w FROM item WHERE id = $1');
  });

  it('a migration that changes a prepared result fails one statement, then the next connection prepares it afresh', async () => {
    const sql = new Sql(ds);
    const transactions = new Transactions(ds);
    const read = 'SELECT v FROM item WHERE id = $1';
    expect(await sql.row(read, [1])).toEqual({ v: 10 });
    await observer.query('ALTER TABLE item ALTER COLUMN v TYPE bigint');
    await expect(sql.row(read, [1])).rejects.toThrow(/cached plan must not change result type/);
    expect(await sql.row(read, [1])).toEqual({ v: 10 });

    // The same inside a transaction: it fails and rolls back, the connection is retired, the next one works.
    await observer.query('ALTER TABLE item ALTER COLUMN v TYPE int');
    await expect(transactions.run((tx) => sql.row(read, [2], tx))).rejects.toThrow(
      /cached plan must not change result type/,
    );
    expect(await transactions.run((tx) => sql.row(read, [2], tx))).toEqual({ v: 20 });
  });
});
