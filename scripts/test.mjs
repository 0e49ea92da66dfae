#!/usr/bin/env node
// `npm test`: the whole test suite, with its own set-up. It installs what the suite needs
// (the locked npm dependencies, and as root on Debian the Debian packages of
// scripts/lib/prerequisites.mjs; anyone else is told in one line what to install), then
// runs: lint (Prettier, type checks, ESLint, import rules), build, backend unit and
// integration tests (real PostgreSQL and Redis), frontend component tests, system and
// chart tests, browser end-to-end tests (Debian's chromium against the built app), and the
// image test (buildah; needs root). Every step runs even if an earlier one failed; the exit
// code says whether all passed. `npm test -- backend e2e` runs only the steps named.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePackages, TEST_PACKAGES } from './lib/prerequisites.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

const steps = [
  ['lint', 'npm', ['run', 'lint']],
  ['build', 'npm', ['run', 'build']],
  ['backend', 'npm', ['test', '-w', 'backend', '--', '--ci']],
  ['frontend', 'npm', ['test', '-w', 'frontend']],
  ['system', 'npm', ['run', 'test:system']],
  ['e2e', 'npm', ['run', 'test:e2e']],
  ['image', 'npm', ['run', 'test:image']],
].filter(([name]) => only.length === 0 || only.includes(name));
const unknown = only.filter((name) => !steps.some(([s]) => s === name));
if (unknown.length) {
  console.error(`npm test: no step ${unknown.join(', ')} (steps: lint build backend frontend system e2e image)`);
  process.exit(2);
}

if (steps.some(([name]) => name === 'image') && process.getuid?.() !== 0) {
  console.error(
    'npm test: the image step builds with buildah and debootstrap, which need root: run as root, or name the other steps (npm test -- lint build backend frontend system e2e)',
  );
  process.exit(1);
}
ensurePackages('npm test', TEST_PACKAGES);
const npmCi = (prefix) => {
  if (existsSync(path.join(root, prefix, 'node_modules/.package-lock.json'))) return;
  console.log(`\n=== install: npm ci${prefix ? ` --prefix ${prefix}` : ''}`);
  const res = spawnSync('npm', ['ci', '--no-audit', '--no-fund', ...(prefix ? ['--prefix', prefix] : [])], {
    cwd: root,
    stdio: 'inherit',
  });
  if (res.status !== 0) process.exit(1);
};
npmCi('');
if (steps.some(([name]) => name === 'image')) npmCi('test/image');

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
