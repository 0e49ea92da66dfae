import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { dataDirPids, freePort, processRuns, RunningProcess, startBackend, startProcess } from '../support/processes';

/**
 * `npm start` stopped the way service managers and terminals stop things: a signal to its
 * whole process group (`systemctl stop`, `docker stop`, `kill -- -PGID` send SIGTERM; a
 * terminal's Ctrl-C sends SIGINT). The app finishes its shutdown, then stops its own
 * PostgreSQL and Redis; `npm start` returns only once all of them have exited; a new start
 * right after finds the data.
 */
describe('npm start, stopped through its process group', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'helpdesk-npm-start-'));
  const admin = { email: 'admin@localhost', password: 'correct horse battery' };
  let env: Record<string, string>;
  let running: RunningProcess | undefined;

  beforeAll(async () => {
    env = {
      HELPDESK_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      SMTP_PORT: String(await freePort()),
      HELPDESK_ADMIN_EMAIL: admin.email,
      HELPDESK_ADMIN_PASSWORD: admin.password,
      HOST: '127.0.0.1',
    };
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null) {
      process.kill(-running.child.pid!, 'SIGTERM');
      await running.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const base = () => `http://127.0.0.1:${env.PORT}`;
  const start = async () => {
    running = startProcess(['npm', 'start'], env, { detached: true });
    await running.waitFor(/role all listening on/, 120000);
    return running;
  };
  const session = async () => {
    const login = await fetch(`${base()}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(login.status).toBe(200);
    return { cookie: login.headers.getSetCookie()[0].split(';')[0], csrf: (await login.json()).csrfToken as string };
  };
  const subjects = async (q: string) => {
    const { cookie } = await session();
    const list = await (await fetch(`${base()}/api/v1/tickets?q=${q}`, { headers: { cookie } })).json();
    return list.items.map((t: { subject: string }) => t.subject);
  };

  /** Signals the group, and checks that npm returned only after the app, PostgreSQL and Redis had all exited. */
  const stopGroup = async (npm: RunningProcess, signal: 'SIGTERM' | 'SIGINT') => {
    const pids = dataDirPids(dataDir);
    expect(pids.app).toEqual(expect.any(Number));
    expect([pids.app, pids.postgres, pids.redis].every((pid) => pid && processRuns(pid))).toBe(true);
    const sent = Date.now();
    process.kill(-npm.child.pid!, signal);
    await npm.exited;
    const seconds = (Date.now() - sent) / 1000;
    const left = Object.entries(pids).filter(([, pid]) => processRuns(pid!));
    expect(left).toEqual([]);
    // eslint-disable-next-line no-control-regex
    const out = npm.output().replace(/\x1b\[[0-9;]*m/g, '');
    // In order: the app's shutdown, then Redis, then PostgreSQL, then the app's last line.
    const at = (s: string) => out.indexOf(s);
    expect(at(`${signal}: shutting down`)).toBeGreaterThan(0);
    expect(at('Redis stopped')).toBeGreaterThan(at(`${signal}: shutting down`));
    expect(at('PostgreSQL stopped')).toBeGreaterThan(at('Redis stopped'));
    expect(out).toMatch(/\[Helpdesk\] .*stopped\s*$/m);
    expect(out).not.toMatch(/missing 'error' handler|Unhandled error event|ECONNREFUSED|ERROR/);
    console.log(
      `${signal} to the process group: npm start returned after ${seconds.toFixed(1)} s, nothing left running`,
    );
  };

  it('stops cleanly on SIGTERM to the group, then on SIGINT, starting again at once each time', async () => {
    const first = await start();
    const { cookie, csrf } = await session();
    const created = await fetch(`${base()}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrf },
      body: JSON.stringify({ subject: 'Kept across stops', body: 'hello', requester: { email: 'keep@example.com' } }),
    });
    expect(created.status).toBe(201);
    await stopGroup(first, 'SIGTERM');

    const second = await start();
    expect(await subjects('kept')).toEqual(['Kept across stops']);
    await stopGroup(second, 'SIGINT');

    const third = await start();
    expect(await subjects('kept')).toEqual(['Kept across stops']);
    await stopGroup(third, 'SIGTERM');
  }, 300000);

  it('takes over from a Helpdesk that was killed, stopping the PostgreSQL and Redis it left running', async () => {
    const killed = startBackend({ ...env, HELPDESK_ROLE: 'all' });
    await killed.waitFor(/role all listening on/);
    const left = dataDirPids(dataDir);
    killed.child.kill('SIGKILL');
    await killed.exited;
    // Its services run on in sessions of their own: orphans, not another Helpdesk.
    expect([left.postgres, left.redis].every((pid) => pid && processRuns(pid))).toBe(true);

    const next = await start();
    const out = next.output();
    expect(out).toContain(`stopping the PostgreSQL (pid ${left.postgres}) a Helpdesk that did not stop cleanly`);
    expect(out).toContain(`stopping the redis-server (pid ${left.redis}) a Helpdesk that did not stop cleanly`);
    expect([left.postgres!, left.redis!].filter(processRuns)).toEqual([]);
    expect(await subjects('kept')).toEqual(['Kept across stops']);
    await stopGroup(next, 'SIGTERM');
  }, 120000);
});
