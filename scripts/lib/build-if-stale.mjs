// Rebuilds a workspace when any of its sources is newer than its output, so `npm start`
// and the vendor tools run current code without a separate build step.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

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

export function buildIfStale(workspace, output, sources, { quiet = false } = {}) {
  const out = path.join(root, output);
  if (existsSync(out) && statSync(out).mtimeMs >= newest(...sources)) return;
  if (!quiet) console.log(`building ${workspace}…`);
  const res = spawnSync('npm', ['run', 'build', '-w', workspace], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (res.status !== 0) process.exit(res.status ?? 1);
}

export const buildBackendIfStale = (opts) =>
  buildIfStale(
    'backend',
    'backend/dist/main.js',
    ['backend/src', 'backend/tsconfig.json', 'backend/tsconfig.build.json'],
    opts,
  );
