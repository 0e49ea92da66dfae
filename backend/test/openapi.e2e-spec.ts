import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { OpenApiContract } from './support/openapi-contract';
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
    for (const [route, ops] of Object.entries<
      Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
    >(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2/.test(status));
        const described = ok.some(
          ([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => c.schema),
        );
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

  it('checks every answer the integration tests receive against itself', async () => {
    const contract = new OpenApiContract(doc);
    const created = await t.admin.post('/api/v1/tickets', {
      subject: 'Contract',
      body: 'Hello',
      requester: { email: 'contract@example.org' },
    });
    const ticket = (await t.admin.get(`/api/v1/tickets/${created.body.id}`)).body;
    expect(() => contract.check('GET', `/api/v1/tickets/${ticket.id}`, 200, 'application/json', ticket)).not.toThrow();
    // A field of the wrong type, a missing one, a value outside an enum, an undocumented status.
    expect(() =>
      contract.check('GET', `/api/v1/tickets/${ticket.id}`, 200, 'application/json', {
        ...ticket,
        number: String(ticket.number),
      }),
    ).toThrow(/\/number must be number/);
    expect(() =>
      contract.check('GET', `/api/v1/tickets/${ticket.id}?x=1`, 200, 'application/json', {
        ...ticket,
        messages: undefined,
      }),
    ).toThrow(/must have required property 'messages'/);
    const counts = (await t.admin.get('/api/v1/tickets/counts')).body;
    expect(() =>
      contract.check('GET', '/api/v1/tickets/counts', 200, 'application/json', { ...counts, myOpen: null }),
    ).toThrow(/\/myOpen/);
    const message = { ...ticket.messages[0], visibility: 'secret' };
    expect(() =>
      contract.check('GET', `/api/v1/tickets/${ticket.id}`, 200, 'application/json', {
        ...ticket,
        messages: [message],
      }),
    ).toThrow(/\/messages\/0\/visibility must be equal to one of the allowed values/);
    expect(() => contract.check('PATCH', `/api/v1/tickets/${ticket.id}`, 201, 'application/json', ticket)).toThrow(
      /documents only 200/,
    );
    // Errors are not part of the contract; neither are routes outside it.
    expect(() =>
      contract.check('GET', '/api/v1/tickets/0', 404, 'application/json', { message: 'nope' }),
    ).not.toThrow();
    expect(() => contract.check('GET', '/healthz', 200, 'application/json', { anything: true })).not.toThrow();
  });
});
