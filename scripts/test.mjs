#!/usr/bin/env node
// `npm test`: the whole test suite, with its own set-up. It installs what the suite needs
// (the locked npm dependencies, and as root on Debian the Debian packages of
// scripts/lib/prerequisites.mjs; anyone else is told in one line what to install), then
// runs: lint (Prettier, type checks, ESLint, import rules), build, backend unit and
// integration tests (real PostgreSQL and Redis), frontend component tests, system and
// chart tests, browser end-to-end tests (Debian's chromium against the built app), and the
// image test (buildah; needs root). Every step runs even if an earlier one failed; the exit
// code says whether all passed. `npm test -- backend e2e` runs only the steps named.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensurePackages, TEST_PACKAGES } from './lib/prerequisites.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);

// Each step with the minutes it may take at most (about three times what it takes here):
// a step that hangs is killed, with everything it started, and counted as failed, so the
// run always ends and says where.
const steps = [
  ['lint', 'npm', ['run', 'lint'], 10],
  ['build', 'npm', ['run', 'build'], 15],
  ['backend', 'npm', ['test', '-w', 'backend', '--', '--ci'], 20],
  ['frontend', 'npm', ['test', '-w', 'frontend'], 10],
  ['system', 'npm', ['run', 'test:system'], 40],
  ['e2e', 'npm', ['run', 'test:e2e'], 25],
  ['image', 'npm', ['run', 'test:image'], 30],
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

/** Runs one step in a process group of its own; resolves to its exit code, or 'timeout' once killed after `minutes`. */
function runStep(cmd, args, minutes) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: 'inherit',
      detached: true,
      env: { ...process.env, CI: process.env.CI ?? 'true' },
    });
    const killGroup = (signal) => {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    };
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGKILL');
    }, minutes * 60_000);
    // Ctrl-C and a stopping CI reach the step's group too (it is not ours).
    const forward = (signal) => killGroup(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('exit', (code) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      killGroup('SIGKILL'); // whatever it left running (a server, a browser)
      resolve(timedOut ? 'timeout' : code);
    });
  });
}

const results = [];
for (const [name, cmd, args, minutes] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const code = await runStep(cmd, args, minutes);
  if (code === 'timeout') console.log(`\n=== ${name}: still running after ${minutes} min: killed`);
  results.push({ name, ok: code === 0, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\n=== summary');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
