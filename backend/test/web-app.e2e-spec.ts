import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import * as path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { startTestApp, TestApp } from './support/test-app';

/** Raw bytes as sent (Node's fetch would decode them): status, headers, body. */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
    (resolve, reject) => {
      request(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    },
  );
}

/** The built UI as the api serves it: a built frontend dir of our own, with the build's precompressed copies. */
describe('serving the agent UI', () => {
  const script = Buffer.from(`console.log(${JSON.stringify('helpdesk '.repeat(2000))});\n`);
  let t: TestApp;
  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'helpdesk-ui-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>',
    );
    writeFileSync(path.join(dir, 'assets/index-abc123.js'), script);
    writeFileSync(path.join(dir, 'assets/index-abc123.js.br'), brotliCompressSync(script));
    writeFileSync(path.join(dir, 'assets/index-abc123.js.gz'), gzipSync(script));
    writeFileSync(path.join(dir, 'assets/logo-def456.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    t = await startTestApp({ env: { HELPDESK_FRONTEND_DIR: dir } });
  });
  afterAll(() => t.close());

  it('sends the precompressed copy a browser accepts, cached forever (the name carries a hash)', async () => {
    const br = await rawGet(`${t.url}/assets/index-abc123.js`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect([br.status, br.headers['content-encoding']]).toEqual([200, 'br']);
    expect(br.headers['content-type']).toMatch(/^(application|text)\/javascript/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.body)).toEqual(script);
    expect(br.body.length).toBeLessThan(script.length / 10);

    const gz = await rawGet(`${t.url}/assets/index-abc123.js`, { 'accept-encoding': 'gzip' });
    expect([gz.status, gz.headers['content-encoding']]).toEqual([200, 'gzip']);
    expect(gunzipSync(gz.body)).toEqual(script);

    const plain = await rawGet(`${t.url}/assets/index-abc123.js`);
    expect([plain.status, plain.headers['content-encoding'], plain.body]).toEqual([200, undefined, script]);
  });

  it('serves files that have no compressed copy as they are, and the copies only by negotiation', async () => {
    const png = await rawGet(`${t.url}/assets/logo-def456.png`, { 'accept-encoding': 'br, gzip' });
    expect([png.status, png.headers['content-encoding'], png.headers['content-type']]).toEqual([
      200,
      undefined,
      'image/png',
    ]);
    expect((await rawGet(`${t.url}/assets/index-abc123.js.br`)).status).toBe(404);
    expect((await rawGet(`${t.url}/assets/missing-000000.js`, { 'accept-encoding': 'br' })).status).toBe(404);
  });

  it('answers every UI route with index.html, never cached', async () => {
    const res = await rawGet(`${t.url}/tickets/42?tab=audit`);
    expect([res.status, res.headers['content-type'], res.headers['cache-control']]).toEqual([
      200,
      'text/html; charset=utf-8',
      'no-cache',
    ]);
    expect(res.body.toString()).toContain('/assets/index-abc123.js');
  });
});
