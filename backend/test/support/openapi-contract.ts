import Ajv, { ValidateFunction } from 'ajv';

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/**
 * The API's own OpenAPI document as a check on every answer the tests receive: a 2xx
 * status the operation does not document, or a JSON body that does not match the documented
 * schema, fails the test that got it. So the whole integration suite keeps the document (and
 * the frontend types generated from it) true to what the server really sends.
 */
export class OpenApiContract {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(doc: any) {
    this.ajv.addSchema({ $id: 'openapi', components: toJsonSchema(doc.components ?? {}) });
    this.routes = Object.entries<Record<string, any>>(doc.paths).flatMap(([template, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
        responses: op.responses ?? {},
      })),
    );
    // A literal segment wins over a parameter (/tickets/counts before /tickets/{id}).
    this.routes.sort((a, b) => a.params - b.params);
  }

  /** Throws when an answer contradicts the document; answers of undocumented paths and errors (4xx/5xx) pass. */
  check(method: string, url: string, status: number, contentType: string, body: unknown): void {
    if (status < 200 || status >= 300) return;
    const path = url.split('?')[0];
    const route = this.routes.find((r) => r.method === method && r.pattern.test(path));
    if (!route) return;
    const documented = route.responses[String(status)];
    if (!documented) {
      throw new Error(
        `${method} ${path} answered ${status}, but ${method} ${route.template} documents only ${Object.keys(route.responses).join(', ')}`,
      );
    }
    const schema = documented.content?.['application/json']?.schema;
    if (!schema || !contentType.includes('json')) return;
    const key = `${route.method} ${route.template} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(toJsonSchema(schema)));
      this.compiled.set(key, validate);
    }
    if (!validate(body)) {
      const problems = validate.errors!.map((e) => `${e.instancePath || '(body)'} ${e.message}`).join('; ');
      throw new Error(
        `${method} ${path} answered ${status} with a body its OpenAPI schema (${route.template}) does not allow: ${problems}\n${JSON.stringify(body).slice(0, 2000)}`,
      );
    }
  }
}

/** OpenAPI 3.0 → JSON Schema: `nullable: true` becomes "or null". */
function toJsonSchema(s: any): any {
  if (Array.isArray(s)) return s.map(toJsonSchema);
  if (!s || typeof s !== 'object') return s;
  const { nullable, ...rest } = s;
  const out: any = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [
      k,
      k === 'enum' || k === 'required' || k === 'example' ? v : toJsonSchema(v),
    ]),
  );
  return nullable ? { anyOf: [out, { type: 'null' }] } : out;
}

/** References in an operation's schema point into the registered document. */
function rebase(s: any): any {
  return JSON.parse(JSON.stringify(s).replace(/"#\/components\//g, '"openapi#/components/'));
}
