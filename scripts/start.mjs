#!/usr/bin/env node
// `npm start`: builds what is out of date, then runs the whole help desk in one
// process (HELPDESK_ROLE=all) with its own PostgreSQL and Redis unless DATABASE_URL /
// REDIS_URL point elsewhere. Ctrl-C stops everything it started.
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
// The terminal sends Ctrl-C to the whole process group; the server shuts itself down
// cleanly and this wrapper just waits for it. A plain `kill` of this wrapper is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
