/**
 * Checks of rendered manifests: the Kubernetes schemas (the `kubernetes-models` package,
 * generated from the Kubernetes OpenAPI), the CloudNativePG Cluster's structure, and the
 * chart's own policies.
 */
import { Manifest, podSpec } from './harness';

type Model = { new (data: object): { validate(): void } };

/** Packages with the schemas of CRDs the chart can render (their 4.x line, like kubernetes-models). */
const CRD_MODELS: Record<string, string> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'cert-manager.io': '@kubernetes-models/cert-manager',
};

function modelFor(apiVersion: string, kind: string): Model {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  const base = CRD_MODELS[group] ?? 'kubernetes-models';
  const modulePath = group ? `${base}/${group}/${version}/${kind}` : `${base}/${version}/${kind}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(modulePath) as Record<string, Model>;
  if (!mod[kind]) throw new Error(`${modulePath} has no ${kind}`);
  return mod[kind];
}

/** Problems of one object against its schema ([] when valid). */
export function schemaProblems(m: Manifest): string[] {
  if (m.apiVersion === 'postgresql.cnpg.io/v1' && m.kind === 'Cluster') return cnpgClusterProblems(m);
  if (m.apiVersion === 'postgresql.cnpg.io/v1' && m.kind === 'ScheduledBackup') return cnpgScheduledBackupProblems(m);
  let model: Model;
  try {
    model = modelFor(m.apiVersion, m.kind);
  } catch {
    return [`unknown kind ${m.apiVersion} ${m.kind}`];
  }
  try {
    new model(m).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: { instancePath: string; message: string }[] }).errors;
    return errors?.map((x) => `${x.instancePath || '/'} ${x.message}`) ?? [(e as Error).message];
  }
}

/** The parts of postgresql.cnpg.io/v1 Cluster the chart sets, checked against the CRD's types. */
function cnpgClusterProblems(m: Manifest): string[] {
  const p: string[] = [];
  const s = m.spec ?? {};
  const allowed = ['instances', 'imageName', 'primaryUpdateStrategy', 'bootstrap', 'storage', 'resources', 'postgresql', 'backup'];
  for (const k of Object.keys(s)) if (!allowed.includes(k)) p.push(`/spec/${k} is not a field the chart is expected to set`);
  if (!Number.isInteger(s.instances) || s.instances < 1) p.push('/spec/instances must be an integer >= 1');
  if (s.imageName !== undefined && typeof s.imageName !== 'string') p.push('/spec/imageName must be a string');
  if (s.primaryUpdateStrategy !== undefined && !['unsupervised', 'supervised'].includes(s.primaryUpdateStrategy)) p.push('/spec/primaryUpdateStrategy must be unsupervised or supervised');
  const initdb = s.bootstrap?.initdb;
  if (!initdb || typeof initdb.database !== 'string' || typeof initdb.owner !== 'string') p.push('/spec/bootstrap/initdb needs database and owner');
  if (typeof s.storage?.size !== 'string') p.push('/spec/storage/size must be a quantity string');
  if (s.storage?.storageClass !== undefined && typeof s.storage.storageClass !== 'string') p.push('/spec/storage/storageClass must be a string');
  for (const [k, v] of Object.entries(s.postgresql?.parameters ?? {})) if (typeof v !== 'string') p.push(`/spec/postgresql/parameters/${k} must be a string`);
  if (s.backup) {
    const store = s.backup.barmanObjectStore ?? {};
    if (!/^s3:\/\/./.test(store.destinationPath ?? '')) p.push('/spec/backup/barmanObjectStore/destinationPath must be an s3:// URL');
    for (const k of ['accessKeyId', 'secretAccessKey']) {
      const ref = store.s3Credentials?.[k];
      if (typeof ref?.name !== 'string' || typeof ref?.key !== 'string') p.push(`/spec/backup/barmanObjectStore/s3Credentials/${k} needs name and key`);
    }
    if (s.backup.retentionPolicy !== undefined && !/^[1-9][0-9]*[dwm]$/.test(s.backup.retentionPolicy)) p.push('/spec/backup/retentionPolicy must look like 30d');
  }
  // The operator derives Services, Secrets and PDBs (up to "-primary") from the name.
  if (m.metadata.name.length > 50) p.push('/metadata/name is longer than 50 characters: the names the operator derives would not be DNS labels');
  return p;
}

/** postgresql.cnpg.io/v1 ScheduledBackup: a six-field cron schedule (seconds first) and the cluster's name. */
function cnpgScheduledBackupProblems(m: Manifest): string[] {
  const p: string[] = [];
  if (typeof m.spec?.schedule !== 'string' || m.spec.schedule.trim().split(/\s+/).length !== 6) p.push('/spec/schedule must be a cron expression of six fields');
  if (typeof m.spec?.cluster?.name !== 'string') p.push('/spec/cluster/name is required');
  if (m.spec?.backupOwnerReference !== undefined && !['none', 'self', 'cluster'].includes(m.spec.backupOwnerReference)) p.push('/spec/backupOwnerReference must be none, self or cluster');
  return p;
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'Job', 'Pod', 'CronJob'];
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** The chart's policies (including the restricted Pod Security Standard), as a list of violations. */
export function policyProblems(manifests: Manifest[]): string[] {
  const p: string[] = [];
  for (const m of manifests.filter((x) => WORKLOADS.includes(x.kind))) {
    const where = `${m.kind} ${m.metadata.name}`;
    const spec = podSpec(m);
    const psc = spec.securityContext ?? {};
    if (psc.runAsNonRoot !== true) p.push(`${where}: pod securityContext.runAsNonRoot is not true`);
    if (!Number.isInteger(psc.runAsUser) || psc.runAsUser === 0) p.push(`${where}: pod securityContext.runAsUser is not a non-root number`);
    if (psc.seccompProfile?.type !== 'RuntimeDefault') p.push(`${where}: pod seccompProfile is not RuntimeDefault`);
    if (spec.automountServiceAccountToken !== false) p.push(`${where}: mounts a service account token`);
    // The "restricted" Pod Security Standard: no host namespaces, only these volume types.
    for (const host of ['hostNetwork', 'hostPID', 'hostIPC']) if (spec[host]) p.push(`${where}: uses ${host}`);
    for (const v of spec.volumes ?? []) {
      const type = Object.keys(v).find((k) => k !== 'name');
      if (!RESTRICTED_VOLUMES.includes(type!)) p.push(`${where}: volume ${v.name} of type ${type} is not allowed by the restricted profile`);
    }
    const mounted = new Set<string>();
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      const cw = `${where} container ${c.name}`;
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) p.push(`${cw}: needs cpu and memory requests and a memory limit`);
      const sc = c.securityContext ?? {};
      if (sc.allowPrivilegeEscalation !== false) p.push(`${cw}: allowPrivilegeEscalation is not false`);
      if (sc.readOnlyRootFilesystem !== true) p.push(`${cw}: readOnlyRootFilesystem is not true`);
      if (!(sc.capabilities?.drop ?? []).includes('ALL')) p.push(`${cw}: does not drop ALL capabilities`);
      if (sc.privileged) p.push(`${cw}: is privileged`);
      if ((c.ports ?? []).some((x: any) => x.hostPort)) p.push(`${cw}: uses a hostPort`);
      if (!/[:@]/.test(c.image.split('/').pop())) p.push(`${cw}: image ${c.image} has no tag`);
      // Short names (postgres:18) are refused by CRI-O's short-name mode and rate-limited on Docker Hub.
      const registry = c.image.split('/')[0];
      if (c.image.split('/').length < 2 || !/[.:]|^localhost$/.test(registry)) p.push(`${cw}: image ${c.image} does not name its registry`);
      for (const vm of c.volumeMounts ?? []) mounted.add(vm.name);
      // Jobs and test Pods run to completion; everything long-running is probed.
      if (m.kind === 'Deployment' || m.kind === 'StatefulSet') {
        for (const probe of ['livenessProbe', 'readinessProbe']) if (!c[probe]) p.push(`${cw}: has no ${probe}`);
      }
    }
    for (const v of spec.volumes ?? []) if (!mounted.has(v.name)) p.push(`${where}: volume ${v.name} is not mounted`);
    for (const c of spec.containers) {
      for (const vm of c.volumeMounts ?? []) {
        if (!(spec.volumes ?? []).some((v: any) => v.name === vm.name) && !(m.spec.volumeClaimTemplates ?? []).some((t: any) => t.metadata.name === vm.name)) {
          p.push(`${where}: mounts ${vm.name}, which is no volume`);
        }
      }
    }
  }

  // Every Deployment that runs more than one pod has a PodDisruptionBudget selecting it.
  for (const d of manifests.filter((x) => x.kind === 'Deployment')) {
    const hpa = manifests.find((x) => x.kind === 'HorizontalPodAutoscaler' && x.spec.scaleTargetRef.name === d.metadata.name);
    if (hpa && d.spec.replicas !== undefined) p.push(`Deployment ${d.metadata.name}: sets replicas although an HPA scales it`);
    const replicas = hpa ? hpa.spec.minReplicas : d.spec.replicas ?? 1;
    const labels = d.spec.template.metadata.labels;
    const pdb = manifests.find(
      (x) => x.kind === 'PodDisruptionBudget' && Object.entries<string>(x.spec.selector.matchLabels).every(([k, v]) => labels[k] === v),
    );
    if (replicas > 1 && !pdb) p.push(`Deployment ${d.metadata.name}: ${replicas} replicas and no PodDisruptionBudget`);
    if (replicas <= 1 && pdb) p.push(`Deployment ${d.metadata.name}: one replica with a PodDisruptionBudget (it would block node drains)`);
  }

  // Services select pods that exist and name their ports.
  for (const s of manifests.filter((x) => x.kind === 'Service')) {
    const pods = manifests.filter((x) => ['Deployment', 'StatefulSet'].includes(x.kind));
    const targets = pods.filter((x) => Object.entries<string>(s.spec.selector).every(([k, v]) => x.spec.template.metadata.labels[k] === v));
    if (!targets.length) {
      p.push(`Service ${s.metadata.name}: selects no pods`);
      continue;
    }
    for (const target of targets) {
      const names = podSpec(target).containers.flatMap((c: any) => (c.ports ?? []).map((x: any) => x.name));
      for (const port of s.spec.ports) if (!names.includes(port.targetPort)) p.push(`Service ${s.metadata.name}: targetPort ${port.targetPort} is not a named container port of ${target.metadata.name}`);
    }
  }
  return p;
}
