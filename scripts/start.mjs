#!/usr/bin/env node
// `npm start`: builds what is out of date, then runs the whole help desk in one
// process (HELPDESK_ROLE=all) with its own PostgreSQL and Redis unless DATABASE_URL /
// REDIS_URL point elsewhere. Ctrl-C stops everything it started, and so does SIGTERM to
// the process group (systemctl stop, docker stop, kill -- -PGID): this returns only once
// the server has exited, which is after it stopped its PostgreSQL and Redis. The npm
// script runs this with `exec`, so no shell in between dies of the signal first.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { buildBackendIfStale, buildIfStale, root } from './lib/build-if-stale.mjs';

buildBackendIfStale();
buildIfStale('frontend', 'frontend/dist/index.html', [
  'frontend/src',
  'frontend/index.html',
  'frontend/vite.config.ts',
]);

const child = spawn(process.execPath, [path.join(root, 'backend/dist/main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { HELPDESK_ROLE: 'all', ...process.env },
});
// A signal to the whole process group reaches the server too (it shuts down once, however
// many it gets); one sent to this wrapper alone is passed on. Either way this waits for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
