#!/usr/bin/env node
// `npm test`: the whole suite. Type checks, backend unit and integration tests (real
// PostgreSQL and Redis), frontend component tests, system tests across packages, then the
// browser end-to-end tests (Debian's chromium against the built app).
// Every step runs even if an earlier one failed; the exit code says whether all passed.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

const steps = [
  ['typecheck', 'npm', ['run', 'lint']],
  ['build', 'npm', ['run', 'build']],
  ['backend', 'npm', ['test', '-w', 'backend', '--', '--ci']],
  ['frontend', 'npm', ['test', '-w', 'frontend']],
  ['system', 'npm', ['run', 'test:system']],
  ['e2e', 'npm', ['run', 'test:e2e']],
].filter(([name]) => only.length === 0 || only.includes(name));

const results = [];
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const res = spawnSync(cmd, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, CI: process.env.CI ?? 'true' },
  });
  results.push({ name, ok: res.status === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
