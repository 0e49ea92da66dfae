import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { startTestApp, TestApp } from './support/test-app';

/** The committed copy the frontend generates its API types from (`npm run api-types`). */
const COMMITTED = path.resolve(__dirname, '../../frontend/src/api/openapi.json');

/**
 * The OpenAPI document is the contract the frontend is typed against, so every operation
 * must say what it answers, and the frontend's copy must be this very document: a change
 * on either side that the other does not follow fails here or in the frontend's type check.
 */
describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/api/docs/openapi.json')).body;
  });
  afterAll(() => t.close());

  it('documents the answer of every operation', () => {
    const undocumented: string[] = [];
    for (const [route, ops] of Object.entries<Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2/.test(status));
        const described = ok.some(([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => c.schema));
        if (!described) undocumented.push(`${method.toUpperCase()} ${route}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('is the copy the frontend is typed against', () => {
    const served = `${JSON.stringify(doc, null, 2)}\n`;
    if (process.env.HELPDESK_WRITE_OPENAPI) writeFileSync(COMMITTED, served);
    // On a difference: `npm run api-types` writes the new document and regenerates the types.
    expect(readFileSync(COMMITTED, 'utf8')).toBe(served);
  });
});
