#!/usr/bin/env node
// `npm start`: builds what is out of date, then runs the whole help desk in one
// process (HELPDESK_ROLE=all) with its own PostgreSQL and Redis unless DATABASE_URL /
// REDIS_URL point elsewhere. Ctrl-C stops everything it started.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time under the given paths (files or directories). */
function newest(...paths) {
  let max = 0;
  const walk = (p) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(path.join(p, e));
    else max = Math.max(max, st.mtimeMs);
  };
  paths.forEach((p) => walk(path.join(root, p)));
  return max;
}

function buildIfStale(workspace, output, sources) {
  const out = path.join(root, output);
  if (existsSync(out) && statSync(out).mtimeMs >= newest(...sources)) return;
  console.log(`building ${workspace}…`);
  const res = spawnSync('npm', ['run', 'build', '-w', workspace], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

buildIfStale('backend', 'backend/dist/main.js', ['backend/src', 'backend/tsconfig.json', 'backend/tsconfig.build.json']);
buildIfStale('frontend', 'frontend/dist/index.html', ['frontend/src', 'frontend/index.html', 'frontend/vite.config.ts']);

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
