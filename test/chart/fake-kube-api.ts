/**
 * A stand-in for the Kubernetes API server, for Helm's `lookup` (no cluster runs here): the
 * discovery endpoints Helm's client reads first (/version, /api, /apis, /api/v1), then GET of
 * the namespaces and Secrets it is given, in the API's documented shapes; 404 (a Status) for
 * anything else. `helm template --dry-run=server` with its kubeconfig renders as Helm does
 * against a cluster.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Manifest } from './harness';

export interface FakeKubeApi {
  /** A kubeconfig file pointing at it. */
  kubeconfig: string;
  close(): Promise<void>;
}

/** Starts the fake API server (its own process) with these objects. */
export async function startFakeKubeApi(objects: { namespaces: string[]; secrets: Manifest[] }): Promise<FakeKubeApi> {
  const child = spawn(process.execPath, [path.join(__dirname, 'fake-kube-api-server.mjs')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d) => (log += d));
  child.stdin.end(JSON.stringify(objects));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (d) => resolve(Number(String(d).trim())));
    child.once('exit', (code) => reject(new Error(`the fake Kubernetes API exited (${code}): ${log}`)));
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-kubeconfig-'));
  const kubeconfig = path.join(dir, 'config');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: fake, cluster: {server: "http://127.0.0.1:${port}"}}]`,
      'users: [{name: fake, user: {token: fake}}]',
      'contexts: [{name: fake, context: {cluster: fake, user: fake}}]',
      'current-context: fake',
      '',
    ].join('\n'),
  );
  return {
    kubeconfig,
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
