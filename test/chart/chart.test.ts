import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../support/processes';
import { CHART_DIR, find, helm, hooksOf, installJob, Manifest, podSpec, render, renderRaw, resolveEnv } from './harness';
import { policyProblems, schemaProblems } from './validate';

const FULL = 'hd-helpdesk';
const chart = parse(readFileSync(path.join(CHART_DIR, 'Chart.yaml'), 'utf8'));
const appContainers = (ms: Manifest[]) =>
  ms.filter((m) => m.kind === 'Deployment' || (m.kind === 'Job' && m.metadata.labels?.['app.kubernetes.io/component'] === 'migrate'));
const migrateJob = (ms: Manifest[]) => {
  const job = installJob(ms);
  expect(job.metadata.name).toMatch(/^hd-helpdesk-migrate-[0-9a-f]{8}$/);
  return job;
};
const envOf = (m: Manifest) => Object.fromEntries(podSpec(m).containers[0].env.map((e: any) => [e.name, e]));

/** Values a test installs with, and what must hold of the result. */
const MATRIX: Record<string, { values: object; check(ms: Manifest[]): void }> = {
  defaults: {
    values: {},
    check(ms) {
      expect(find(ms, 'StatefulSet', `${FULL}-postgresql`).spec.template.spec.containers[0].image).toBe('docker.io/library/postgres:18.4-trixie');
      expect(find(ms, 'StatefulSet', `${FULL}-redis`).spec.template.spec.containers[0].image).toBe('docker.io/library/redis:8.2-bookworm');
      const secret = find(ms, 'Secret', FULL);
      expect(Object.keys(secret.data).sort()).toEqual(['admin-password', 'postgres-password', 'redis-password', 'secret-key']);
      expect(Buffer.from(secret.data['secret-key'], 'base64').toString()).toMatch(/^[A-Za-z0-9]{48}$/);
      const [again, licensed] = [render({}), render({ licence: { key: 'HDL1.x' } })];
      for (const d of ['api', 'worker', 'smtp']) {
        const dep = find(ms, 'Deployment', `${FULL}-${d}`);
        expect(dep.spec.replicas).toBe(2);
        expect(dep.spec.template.spec.containers[0].image).toBe(`ghcr.io/helpdesk/helpdesk:${chart.appVersion}`);
        expect(envOf(dep).HELPDESK_ROLE.value).toBe(d);
        expect(dep.spec.template.metadata.annotations['checksum/secret']).toMatch(/^[0-9a-f]{64}$/);
        // Stable across renders (generated keys are random offline), and it changes with a provided value.
        expect(find(again, 'Deployment', `${FULL}-${d}`).spec.template.metadata.annotations).toEqual(dep.spec.template.metadata.annotations);
        expect(find(licensed, 'Deployment', `${FULL}-${d}`).spec.template.metadata.annotations['checksum/secret']).not.toBe(dep.spec.template.metadata.annotations['checksum/secret']);
        expect(dep.spec.template.spec.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
        // Admin credentials go to the migrations Job only.
        expect(envOf(dep).HELPDESK_ADMIN_PASSWORD).toBeUndefined();
      }
      const smtp = find(ms, 'Service', `${FULL}-smtp`);
      expect(smtp.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 25, targetPort: 'smtp' }] });
      expect(find(ms, 'Deployment', `${FULL}-smtp`).spec.template.spec.containers[0].ports).toContainEqual({ name: 'smtp', containerPort: 2525, protocol: 'TCP' });
      expect(find(ms, 'Service', `${FULL}-api`).spec.type).toBe('ClusterIP');
      expect(ms.filter((m) => ['Ingress', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'Cluster'].includes(m.kind))).toEqual([]);
      // The migrations Job is a regular Job on install, with the first admin's credentials.
      const job = migrateJob(ms);
      expect(hooksOf(job)).toEqual([]);
      const env = resolveEnv(podSpec(job).containers[0], ms);
      expect(env).toMatchObject({ HELPDESK_ROLE: 'migrate', HELPDESK_ADMIN_EMAIL: 'admin@example.com', HELPDESK_MAILBOX: 'support@example.com' });
      expect(env.HELPDESK_ADMIN_PASSWORD).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(env.DATABASE_URL).toBe(`postgres://helpdesk:${env.DATABASE_PASSWORD}@${FULL}-postgresql:5432/helpdesk`);
      expect(env.REDIS_URL).toBeUndefined();
      // The database and the app agree on the password.
      const pg = resolveEnv(find(ms, 'StatefulSet', `${FULL}-postgresql`).spec.template.spec.containers[0], ms);
      expect(pg).toMatchObject({ POSTGRES_USER: 'helpdesk', POSTGRES_DB: 'helpdesk', POSTGRES_PASSWORD: env.DATABASE_PASSWORD });
      const api = resolveEnv(find(ms, 'Deployment', `${FULL}-api`).spec.template.spec.containers[0], ms);
      const redis = find(ms, 'StatefulSet', `${FULL}-redis`).spec.template.spec.containers[0];
      expect(api.REDIS_URL).toBe(`redis://:${resolveEnv(redis, ms).REDIS_PASSWORD}@${FULL}-redis:6379/0`);
      expect(redis.args.slice(0, 2)).toEqual(['--requirepass', '$(REDIS_PASSWORD)']);
      // Test hooks: the api answers, a mail becomes a ticket.
      const tests = ms.filter((m) => hooksOf(m).includes('test'));
      expect(tests.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
        `ConfigMap/${FULL}-tests`, `Pod/${FULL}-test-api-answers`, `Pod/${FULL}-test-mail-becomes-ticket`,
      ]);
      expect(Object.keys(find(ms, 'ConfigMap', `${FULL}-tests`).data).sort()).toEqual(['api-answers.js', 'mail-becomes-ticket.js']);
    },
  },
  'external database and Redis': {
    values: {
      postgresql: { enabled: false },
      redis: { enabled: false },
      externalDatabase: { url: 'postgres://app:pw@db.example.com:5432/helpdesk?sslmode=require' },
      externalRedis: { url: 'rediss://:pw@cache.example.com:6380/2' },
    },
    check(ms) {
      expect(ms.filter((m) => m.kind === 'StatefulSet')).toEqual([]);
      expect(ms.filter((m) => m.kind === 'Service').map((m) => m.metadata.name).sort()).toEqual([`${FULL}-api`, `${FULL}-metrics`, `${FULL}-smtp`]);
      for (const m of appContainers(ms)) {
        const env = resolveEnv(podSpec(m).containers[0], ms);
        expect(env.DATABASE_URL).toBe('postgres://app:pw@db.example.com:5432/helpdesk?sslmode=require');
        if (m.kind === 'Deployment') expect(env.REDIS_URL).toBe('rediss://:pw@cache.example.com:6380/2');
      }
      expect(Object.keys(find(ms, 'Secret', FULL).data).sort()).toEqual(['admin-password', 'database-url', 'redis-url', 'secret-key']);
    },
  },
  'existing secrets': {
    values: {
      secrets: { existingSecret: 'hd-keys' },
      admin: { email: 'boss@acme.test', existingSecret: 'hd-admin' },
      licence: { existingSecret: 'hd-licence', existingSecretKey: 'key' },
      redis: { enabled: false },
      externalRedis: { existingSecret: 'hd-redis' },
    },
    check(ms) {
      // The chart generates nothing the existing Secrets provide.
      expect(find(ms, 'Secret', FULL).data ?? {}).toEqual({});
      const refs = (m: Manifest) => Object.fromEntries(podSpec(m).containers[0].env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.valueFrom.secretKeyRef]));
      expect(refs(migrateJob(ms))).toEqual({
        DATABASE_PASSWORD: { name: 'hd-keys', key: 'postgres-password' },
        HELPDESK_SECRET_KEY: { name: 'hd-keys', key: 'secret-key' },
        HELPDESK_LICENCE_KEY: { name: 'hd-licence', key: 'key' },
        HELPDESK_ADMIN_PASSWORD: { name: 'hd-admin', key: 'password' },
      });
      expect(refs(find(ms, 'Deployment', `${FULL}-worker`))).toEqual({
        DATABASE_PASSWORD: { name: 'hd-keys', key: 'postgres-password' },
        REDIS_URL: { name: 'hd-redis', key: 'redis-url' },
        HELPDESK_SECRET_KEY: { name: 'hd-keys', key: 'secret-key' },
        HELPDESK_LICENCE_KEY: { name: 'hd-licence', key: 'key' },
      });
      expect(envOf(find(ms, 'StatefulSet', `${FULL}-postgresql`)).POSTGRES_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'hd-keys', key: 'postgres-password' });
      expect(envOf(find(ms, 'Pod', `${FULL}-test-mail-becomes-ticket`)).ADMIN_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'hd-admin', key: 'password' });
    },
  },
  CloudNativePG: {
    values: { postgresql: { cloudnativepg: { enabled: true, instances: 3, storage: { size: '20Gi', storageClass: 'fast' }, parameters: { max_connections: '300' } } } },
    check(ms) {
      const cluster = find(ms, 'Cluster', `${FULL}-postgresql`);
      expect(cluster.apiVersion).toBe('postgresql.cnpg.io/v1');
      expect(cluster.spec).toMatchObject({ instances: 3, bootstrap: { initdb: { database: 'helpdesk', owner: 'helpdesk' } }, storage: { size: '20Gi', storageClass: 'fast' } });
      expect(cluster.spec.postgresql.parameters).toEqual({ max_connections: '300' });
      expect(ms.filter((m) => m.kind === 'StatefulSet').map((m) => m.metadata.name)).toEqual([`${FULL}-redis`]);
      for (const m of appContainers(ms)) expect(envOf(m).DATABASE_URL.valueFrom.secretKeyRef).toEqual({ name: `${FULL}-postgresql-app`, key: 'uri' });
      expect(find(ms, 'Secret', FULL).data['postgres-password']).toBeUndefined();
    },
  },
  'ingress with TLS': {
    values: {
      api: { ingress: { enabled: true, className: 'nginx', host: 'help.acme.test', annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' }, tls: { enabled: true } } },
    },
    check(ms) {
      const ing = find(ms, 'Ingress', FULL);
      expect(ing.metadata.annotations).toEqual({ 'cert-manager.io/cluster-issuer': 'letsencrypt' });
      expect(ing.spec).toEqual({
        ingressClassName: 'nginx',
        tls: [{ hosts: ['help.acme.test'], secretName: `${FULL}-tls` }],
        rules: [{ host: 'help.acme.test', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: `${FULL}-api`, port: { name: 'http' } } } }] } }],
      });
    },
  },
  'HA replicas with autoscaling': {
    // 3 roles x (12 + 3 surge) pods x (10 + 2) connections + the Job's 12 = 552, over the 190 of the defaults.
    values: { ...Object.fromEntries(['api', 'worker', 'smtp'].map((r) => [r, { replicas: 3, autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 12 } }])), postgresql: { maxConnections: 600 } },
    check(ms) {
      for (const r of ['api', 'worker', 'smtp']) {
        expect(find(ms, 'Deployment', `${FULL}-${r}`).spec.replicas).toBeUndefined();
        expect(find(ms, 'HorizontalPodAutoscaler', `${FULL}-${r}`).spec).toMatchObject({ minReplicas: 3, maxReplicas: 12, scaleTargetRef: { kind: 'Deployment', name: `${FULL}-${r}` } });
        expect(find(ms, 'PodDisruptionBudget', `${FULL}-${r}`).spec.maxUnavailable).toBe(1);
      }
    },
  },
  'single replicas': {
    values: Object.fromEntries(['api', 'worker', 'smtp'].map((r) => [r, { replicas: 1 }])),
    check(ms) {
      expect(ms.filter((m) => m.kind === 'PodDisruptionBudget')).toEqual([]);
    },
  },
  'NodePort smtp with PROXY protocol and STARTTLS': {
    values: { smtp: { service: { type: 'NodePort', nodePort: 30025, externalTrafficPolicy: 'Cluster' }, proxyProtocol: { enabled: true, trustedAddresses: ['10.0.0.5', '10.0.0.6'] }, tls: { existingSecret: 'mx-tls' } } },
    check(ms) {
      expect(find(ms, 'Service', `${FULL}-smtp`).spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Cluster', ports: [{ port: 25, nodePort: 30025, targetPort: 'smtp' }] });
      const smtp = find(ms, 'Deployment', `${FULL}-smtp`);
      const env = resolveEnv(podSpec(smtp).containers[0], ms);
      expect(env).toMatchObject({ SMTP_PORT: '2525', SMTP_PROXY_PROTOCOL: '10.0.0.5,10.0.0.6', SMTP_TLS_CERT_FILE: '/etc/helpdesk/smtp-tls/tls.crt', SMTP_TLS_KEY_FILE: '/etc/helpdesk/smtp-tls/tls.key' });
      expect(podSpec(smtp).volumes).toContainEqual({ name: 'smtp-tls', secret: { secretName: 'mx-tls' } });
      expect(envOf(find(ms, 'Deployment', `${FULL}-api`)).SMTP_PROXY_PROTOCOL).toBeUndefined();
    },
  },
  'network policies': {
    values: { networkPolicy: { enabled: true, apiFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], metricsFrom: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] } },
    check(ms) {
      const np = (n: string) => find(ms, 'NetworkPolicy', `${FULL}-${n}`).spec;
      const monitoring = { ports: [{ port: 'metrics' }], from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }] };
      expect(np('api').ingress).toEqual([
        {
          ports: [{ port: 'http' }],
          from: [
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } },
            { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'helpdesk', 'app.kubernetes.io/instance': 'hd', 'app.kubernetes.io/component': 'test' } } },
          ],
        },
        monitoring,
      ]);
      expect(np('smtp').ingress).toEqual([{ ports: [{ port: 'smtp' }] }, monitoring]);
      expect(np('worker').ingress).toEqual([monitoring]);
      expect(np('migrate').ingress).toBeNull();
      expect(np('postgresql').ingress[0].from[0].podSelector.matchExpressions[0].values).toEqual(['api', 'worker', 'smtp', 'migrate']);
      expect(np('redis').ingress[0].from[0].podSelector.matchExpressions[0].values).toEqual(['api', 'worker', 'smtp']);
      expect(np('redis').ingress[0].ports).toEqual([{ port: 6379 }]);
    },
  },
  'licence key': {
    values: { licence: { key: 'HDL1.payload.signature' }, config: { mailbox: 'help@acme.test', logLevel: 'warn', smtpMaxMessageBytes: 52428800 } },
    check(ms) {
      for (const m of appContainers(ms)) {
        const env = resolveEnv(podSpec(m).containers[0], ms);
        expect(env).toMatchObject({ HELPDESK_LICENCE_KEY: 'HDL1.payload.signature', HELPDESK_MAILBOX: 'help@acme.test', LOG_LEVEL: 'warn', SMTP_MAX_MESSAGE_BYTES: '52428800' });
        // Without trustedProxies: one hop (the Ingress).
        expect(env.HELPDESK_TRUST_PROXY).toBe('true');
      }
    },
  },
  'ingress controller CIDRs': {
    values: { config: { trustedProxies: ['10.42.0.0/16', 'fd00:42::/64'] } },
    check(ms) {
      for (const m of appContainers(ms)) {
        expect(resolveEnv(podSpec(m).containers[0], ms).HELPDESK_TRUST_PROXY).toBe('10.42.0.0/16,fd00:42::/64');
      }
    },
  },
};

describe('the Helm chart', () => {
  it('is versioned with the application', () => {
    const backend = JSON.parse(readFileSync(path.join(ROOT, 'backend/package.json'), 'utf8'));
    const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(chart.version).toBe(backend.version);
    expect(chart.appVersion).toBe(backend.version);
    expect(root.version).toBe(backend.version);
  });

  it('passes helm lint --strict', () => {
    const res = helm(['lint', '--strict', CHART_DIR]);
    expect(res.stderr + res.stdout).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(res.status).toBe(0);
  });

  describe.each(Object.keys(MATRIX))('with %s', (name) => {
    const { values, check } = MATRIX[name];
    let manifests: Manifest[];
    beforeAll(() => {
      manifests = render(values);
    });

    it('renders objects valid against the Kubernetes schemas', () => {
      expect(manifests.length).toBeGreaterThan(5);
      const problems = manifests.flatMap((m) => schemaProblems(m).map((p) => `${m.kind} ${m.metadata.name}: ${p}`));
      expect(problems).toEqual([]);
    });

    it('meets the policies (resources, probes, securityContext, PDBs)', () => {
      expect(policyProblems(manifests)).toEqual([]);
    });

    it('renders what these values ask for', () => check(manifests));
  });

  it('renders the migrations as a pre-upgrade hook on upgrade, reading the new values', () => {
    const ms = render({ licence: { key: 'HDL1.new-licence' }, externalDatabase: { url: 'postgres://a:b@db:5432/h' }, postgresql: { enabled: false } }, { upgrade: true });
    const job = find(ms, 'Job', `${FULL}-migrate-upgrade`);
    expect(job.metadata.annotations).toMatchObject({ 'helm.sh/hook': 'pre-upgrade', 'helm.sh/hook-delete-policy': 'before-hook-creation' });
    const hookSecret = find(ms, 'Secret', `${FULL}-migrate`);
    expect(hooksOf(hookSecret)).toEqual(['pre-upgrade']);
    expect(Number(hookSecret.metadata.annotations!['helm.sh/hook-weight'])).toBeLessThan(Number(job.metadata.annotations!['helm.sh/hook-weight']));
    // Provided values from the hook Secret (the chart's Secret still holds the old ones while hooks run), generated keys from the chart's.
    const refs = Object.fromEntries(podSpec(job).containers[0].env.filter((e: any) => e.valueFrom).map((e: any) => [e.name, e.valueFrom.secretKeyRef.name]));
    expect(refs).toEqual({ DATABASE_URL: `${FULL}-migrate`, HELPDESK_LICENCE_KEY: `${FULL}-migrate`, HELPDESK_SECRET_KEY: FULL, HELPDESK_ADMIN_PASSWORD: FULL });
    expect(Object.keys(hookSecret.data).sort()).toEqual(['database-url', 'licence-key']);
    expect(resolveEnv(podSpec(job).containers[0], ms)).toMatchObject({ HELPDESK_LICENCE_KEY: 'HDL1.new-licence', DATABASE_URL: 'postgres://a:b@db:5432/h' });
    expect(ms.filter((m) => m.kind === 'Job')).toHaveLength(1);
    expect(policyProblems(ms)).toEqual([]);
    expect(ms.flatMap(schemaProblems)).toEqual([]);
  });

  it('has checks that catch what they look for', () => {
    const ms = structuredClone(render({}));
    const api = find(ms, 'Deployment', `${FULL}-api`);
    const c = podSpec(api).containers[0];
    c.ports[0].containerPort = '8080';
    delete c.readinessProbe;
    delete c.resources.limits;
    c.securityContext.readOnlyRootFilesystem = false;
    podSpec(api).securityContext.runAsUser = 0;
    ms.splice(ms.indexOf(find(ms, 'PodDisruptionBudget', `${FULL}-worker`)), 1);
    podSpec(find(ms, 'StatefulSet', `${FULL}-redis`)).volumes.push({ name: 'host', hostPath: { path: '/' } });
    expect(schemaProblems(api)).toEqual(['/spec/template/spec/containers/0/ports/0/containerPort must be integer']);
    expect(policyProblems(ms).sort()).toEqual([
      `Deployment ${FULL}-api container api: has no readinessProbe`,
      `Deployment ${FULL}-api container api: needs cpu and memory requests and a memory limit`,
      `Deployment ${FULL}-api container api: readOnlyRootFilesystem is not true`,
      `Deployment ${FULL}-api: pod securityContext.runAsUser is not a non-root number`,
      `Deployment ${FULL}-worker: 2 replicas and no PodDisruptionBudget`,
      `StatefulSet ${FULL}-redis: volume host is not mounted`,
      `StatefulSet ${FULL}-redis: volume host of type hostPath is not allowed by the restricted profile`,
    ]);
  });

  it('keeps names valid for Kubernetes with the longest release name Helm allows', () => {
    const release = 'a'.repeat(53);
    const ms = render({ postgresql: { cloudnativepg: { enabled: true } }, api: { ingress: { enabled: true } }, networkPolicy: { enabled: true } }, { release });
    const dnsLabel = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
    // Services (and what the operator derives from the Cluster's name: <name>-app, -rw, -1) must be DNS labels.
    const labelled = ms.filter((m) => ['Service', 'Cluster'].includes(m.kind)).map((m) => `${m.metadata.name}${m.kind === 'Cluster' ? '-app' : ''}`);
    expect(labelled.filter((n) => !dnsLabel.test(n))).toEqual([]);
    expect(ms.filter((m) => m.metadata.name.length > 253 || !/^[a-z0-9][-a-z0-9.]*$/.test(m.metadata.name))).toEqual([]);
    expect(ms.flatMap(schemaProblems)).toEqual([]);
  });

  it('tells the admin after install how to sign in and where to point the MX record', () => {
    const notes = (args: string[]) => {
      const res = helm(['install', 'hd', CHART_DIR, '--dry-run=client', '--namespace', 'helpdesk', ...args]);
      expect(res.stderr).toBe('');
      return res.stdout.slice(res.stdout.indexOf('NOTES:'));
    };
    const plain = notes(['--set', 'config.mailbox=support@acme.test', '--set', 'admin.email=boss@acme.test']);
    expect(plain).toContain('kubectl -n helpdesk port-forward svc/hd-helpdesk-api 8080:80');
    expect(plain).toContain('Email:    boss@acme.test');
    expect(plain).toContain(`kubectl -n helpdesk get secret hd-helpdesk -o jsonpath='{.data.admin-password}' | base64 -d`);
    expect(plain).toContain('Point the MX record of acme.test at the smtp Service');
    expect(plain).toContain('kubectl -n helpdesk get svc hd-helpdesk-smtp');
    expect(plain).toContain('acme.test.  MX  10  mx.acme.test.');
    expect(plain).toContain('An MX record must name a host with A/AAAA records, never a CNAME (RFC 2181, section 10.3)');
    expect(plain).not.toMatch(/\bor CNAME\b/i);
    expect(plain).toContain('helm test hd -n helpdesk');
    expect(plain).toContain('No licence key is set');
    const ingress = notes(['--set', 'api.ingress.enabled=true', '--set', 'api.ingress.host=help.acme.test', '--set', 'api.ingress.tls.enabled=true',
      '--set', 'smtp.service.type=NodePort', '--set', 'licence.key=HDL1.x', '--set', 'admin.existingSecret=hd-admin']);
    expect(ingress).toContain('Open https://help.acme.test/');
    expect(ingress).toContain('the "password" key of the Secret hd-admin');
    expect(ingress).toContain(`get svc hd-helpdesk-smtp -o jsonpath='{.spec.ports[0].nodePort}'`);
    // The NodePort keeps externalTrafficPolicy Local: only the nodes running an smtp pod answer.
    expect(ingress).toContain('With externalTrafficPolicy Local only the nodes that run an smtp pod answer on that port');
    expect(ingress).toContain('get pods -l app.kubernetes.io/instance=hd,app.kubernetes.io/component=smtp -o wide');
    expect(notes(['--set', 'smtp.service.type=NodePort', '--set', 'smtp.service.externalTrafficPolicy=Cluster'])).toContain('port on any node');
    expect(ingress).not.toContain('No licence key is set');
  });

  it('has helm test scripts that fail when the api or the smtp Service does not answer', () => {
    const run = (script: string, env: Record<string, string>) =>
      spawnSync(process.execPath, [path.join(CHART_DIR, 'files/tests', script)], { encoding: 'utf8', env: { PATH: process.env.PATH!, TEST_TIMEOUT_SECONDS: '1', ...env } });
    const closed = 'http://127.0.0.1:9'; // the discard port: nothing listens there
    const api = run('api-answers.js', { API_URL: closed });
    expect([api.status, api.stderr]).toEqual([1, expect.stringMatching(/^api test failed: fetch failed/)]);
    const mail = run('mail-becomes-ticket.js', { API_URL: closed, SMTP_HOST: '127.0.0.1', SMTP_PORT: '9', MAILBOX: 'support@acme.test', ADMIN_EMAIL: 'a@acme.test', ADMIN_PASSWORD: 'x'.repeat(12) });
    expect([mail.status, mail.stderr]).toEqual([1, expect.stringMatching(/^mail test failed: connect ECONNREFUSED 127.0.0.1:9/)]);
    const unset = run('mail-becomes-ticket.js', {});
    expect([unset.status, unset.stderr]).toEqual([1, expect.stringMatching(/API_URL is not set/)]);
  });

  it('documents every value in its README', () => {
    const readme = readFileSync(path.join(CHART_DIR, 'README.md'), 'utf8');
    const values = parse(readFileSync(path.join(CHART_DIR, 'values.yaml'), 'utf8'));
    // Free-form maps are documented as one value.
    const opaque = new Set(['resources', 'annotations', 'labels', 'podAnnotations', 'podLabels', 'nodeSelector', 'affinity', 'parameters', 'podSecurityContext', 'securityContext']);
    const leaves = (o: Record<string, unknown>, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) =>
        v && typeof v === 'object' && !Array.isArray(v) && !opaque.has(k) ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
      );
    const undocumented = leaves(values).filter((leaf) => {
      // Keys every role shares are documented once as `<role>.…`; grouped rows read `parent.a` / `b`.
      const path = leaf.replace(/^(api|worker|smtp)\.(?!service|ingress|proxyProtocol|tls)/, '<role>.');
      const parent = path.slice(0, path.lastIndexOf('.') + 1);
      const last = path.slice(parent.length);
      return !readme.includes(`\`${path}\``) && !readme.split('\n').some((line) => line.includes(`\`${parent}`) && new RegExp(`\\b${last}\\b`).test(line));
    });
    expect(undocumented).toEqual([]);
  });

  describe('rejects bad values with a clear message', () => {
    const cases: [string, object, RegExp][] = [
      ['a misspelt key', { api: { replcas: 3 } }, /at '\/api': additional properties 'replcas' not allowed/],
      ['an unknown top-level key', { postgres: { enabled: false } }, /additional properties 'postgres' not allowed/],
      ['a log level that does not exist', { config: { logLevel: 'verbose' } }, /at '\/config\/logLevel': value must be one of 'debug', 'info', 'warn', 'error'/],
      ['a mailbox that is no address', { config: { mailbox: 'support' } }, /at '\/config\/mailbox'/],
      ['a short admin password', { admin: { password: 'short' } }, /at '\/admin\/password'.*\n.*minLength: got 5, want 10/],
      ['replicas as text', { worker: { replicas: 'two' } }, /at '\/worker\/replicas': got string, want integer/],
      ['an smtp Service of type ClusterIP', { smtp: { service: { type: 'ClusterIP' } } }, /at '\/smtp\/service\/type': value must be one of 'LoadBalancer', 'NodePort'/],
      ['a nodePort outside the range', { smtp: { service: { type: 'NodePort', nodePort: 25 } } }, /at '\/smtp\/service\/nodePort'/],
      ['a database URL of another kind', { postgresql: { enabled: false }, externalDatabase: { url: 'mysql://db/x' } }, /at '\/externalDatabase\/url'/],
      ['an external database next to the bundled one', { externalDatabase: { url: 'postgres://a:b@db/h' } }, /externalDatabase is set: also set postgresql.enabled=false/],
      ['no database at all', { postgresql: { enabled: false } }, /no database: enable postgresql/],
      ['no Redis at all', { redis: { enabled: false } }, /no Redis: enable redis or set externalRedis.url/],
    ];
    it.each(cases)('%s', (_name, values, message) => {
      const res = renderRaw(values);
      expect(res.status).not.toBe(0);
      expect(res.stderr).toMatch(message);
    });
  });

  it('packages into helpdesk-<version>.tgz, which installs the same objects', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-package-'));
    try {
      const res = helm(['package', CHART_DIR, '--destination', dir]);
      expect(res.status).toBe(0);
      const archive = path.join(dir, `helpdesk-${chart.version}.tgz`);
      expect(existsSync(archive)).toBe(true);
      const fromArchive = render({}, { chart: archive });
      const fromDir = render({});
      const ids = (ms: Manifest[]) => ms.map((m) => `${m.kind}/${m.metadata.name}`).sort();
      expect(ids(fromArchive)).toEqual(ids(fromDir));
      expect(find(fromArchive, 'ConfigMap', `${FULL}-tests`).data).toEqual(find(fromDir, 'ConfigMap', `${FULL}-tests`).data);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
