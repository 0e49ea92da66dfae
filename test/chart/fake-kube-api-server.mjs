// The process behind test/chart/fake-kube-api.ts (its own process: tests run helm with
// spawnSync, which blocks theirs). Reads {namespaces, secrets} as JSON on stdin, prints its port;
// errors go to stderr.
import { createServer } from 'node:http';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const objects = JSON.parse(input);

/** The kinds the chart renders, by group/version: [kind, namespaced]. */
const GROUPS = {
  v1: [['Namespace', false], ['Secret', true], ['ConfigMap', true], ['Service', true], ['ServiceAccount', true], ['Pod', true], ['PersistentVolumeClaim', true]],
  'apps/v1': [['Deployment', true], ['StatefulSet', true]],
  'batch/v1': [['Job', true], ['CronJob', true]],
  'policy/v1': [['PodDisruptionBudget', true]],
  'autoscaling/v2': [['HorizontalPodAutoscaler', true]],
  'networking.k8s.io/v1': [['Ingress', true], ['NetworkPolicy', true]],
};

const server = createServer((req, res) => {
  const url = (req.url ?? '').split('?')[0];
  const send = (code, body) => res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method !== 'GET') return send(405, { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 405 });
  if (url === '/version') return send(200, { major: '1', minor: '33', gitVersion: 'v1.33.0', platform: 'linux/amd64' });
  if (url === '/api') return send(200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [] });
  if (url === '/apis')
    return send(200, {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: Object.keys(GROUPS)
        .filter((gv) => gv !== 'v1')
        .map((gv) => ({ name: gv.split('/')[0], versions: [{ groupVersion: gv, version: gv.split('/')[1] }], preferredVersion: { groupVersion: gv, version: gv.split('/')[1] } })),
    });
  const gv = url === '/api/v1' ? 'v1' : url.match(/^\/apis\/([^/]+\/[^/]+)$/)?.[1];
  if (gv && GROUPS[gv])
    return send(200, {
      kind: 'APIResourceList',
      groupVersion: gv,
      resources: GROUPS[gv].map(([kind, namespaced]) => ({
        name: kind.toLowerCase().replace(/y$/, 'ie').replace(/s$/, 'se') + 's',
        singularName: kind.toLowerCase(),
        namespaced,
        kind,
        verbs: ['get', 'list', 'create'],
      })),
    });
  const ns = url.match(/^\/api\/v1\/namespaces\/([^/]+)$/);
  if (ns && objects.namespaces.includes(ns[1]))
    return send(200, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns[1] }, status: { phase: 'Active' } });
  const secret = url.match(/^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/);
  const found = secret && objects.secrets.find((s) => s.metadata.name === secret[2] && (s.metadata.namespace ?? secret[1]) === secret[1]);
  if (found) return send(200, { ...found, metadata: { ...found.metadata, namespace: secret[1] } });
  send(404, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `${url} not found` });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
