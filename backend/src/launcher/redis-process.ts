import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { isAlive } from './data-dir-lock';
import { StartedService } from './embedded-database';
import { freePort } from './free-port';

export class RedisUnavailableError extends Error {}

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

function findRedisServer(): string | undefined {
  const fromPath = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  return fromPath || CANDIDATES.find((p) => existsSync(p));
}

/** Root on Debian/Ubuntu may install Debian's redis-server itself; anyone else is told how. */
function installRedisServer(log: (line: string) => void): string | undefined {
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) return undefined;
  log('redis-server not found: installing Debian package redis-server (apt-get)');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const res = spawnSync('apt-get', ['install', '-y', '-qq', 'redis-server'], { stdio: 'inherit', env });
  return res.status === 0 ? findRedisServer() : undefined;
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = net.connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        resolve();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > deadline) reject(new Error(`redis-server did not listen on port ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/**
 * Spawns a private redis-server on a free loopback port with its data (AOF) under
 * `<dataDir>/redis`, so queued jobs survive a restart. It runs in a session of its own
 * (`detached`): a signal to the terminal's or the service manager's process group reaches
 * the app, never Redis, which the app stops after its own shutdown (so its clients never
 * see Redis vanish under them). A redis-server left running by a Helpdesk that died is
 * stopped first (the caller holds the data directory's lock).
 */
export async function startRedisProcess(dataDir: string, log: (line: string) => void): Promise<StartedService> {
  const bin = findRedisServer() ?? installRedisServer(log);
  if (!bin) {
    throw new RedisUnavailableError(
      'redis-server is not installed: install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_URL to an existing Redis',
    );
  }
  const dir = path.join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pidFile = path.join(dir, 'redis.pid');
  const left = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
  if (isAlive(left)) {
    log(`stopping the redis-server (pid ${left}) a Helpdesk that did not stop cleanly left running in ${dir}`);
    await stopPid(left);
  }
  const port = await freePort();
  const logFd = openSync(path.join(dir, 'redis.log'), 'a');
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--pidfile',
      pidFile,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
    ],
    { stdio: ['ignore', logFd, logFd], detached: true },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  try {
    await Promise.race([
      waitForPort(port, 10_000),
      exit.then(() => Promise.reject(new Error(`redis-server exited; see ${dir}/redis.log`))),
    ]);
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      (stopping ??= (async () => {
        if (!exited) {
          child.kill('SIGTERM'); // redis flushes its AOF on SIGTERM
          await exit;
        }
        log('Redis stopped');
      })()),
  };
}

/** Sends SIGTERM and waits up to 10 s for the process to go, then SIGKILL. */
async function stopPid(pid: number) {
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (isAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
