#!/usr/bin/env node
// Writes src/api/openapi.gen.ts from the API's OpenAPI document (src/api/openapi.json, the
// backend's own, checked equal to what the api serves by backend/test/openapi.e2e-spec.ts):
// - a TypeScript type for every schema (request bodies …Dto, answers …View, enums);
// - `paths`: every route, method by method, with its path and query parameters, request body
//   and answers, in the shape openapi-typescript emits and openapi-fetch reads (src/api/client.ts).
// `build` and `lint` run this before tsc, so a backend change the UI does not follow (a renamed
// route, a new required field) fails the type check. Covers the subset of OpenAPI 3.0 that
// @nestjs/swagger emits: $ref, allOf/oneOf/anyOf, enum, nullable, arrays, objects, path and
// query parameters, JSON and multipart bodies; anything else stops the script.
// (openapi-typescript itself needs TypeScript 5; the UI is on 6.)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../src/api');
const doc = JSON.parse(readFileSync(path.join(dir, 'openapi.json'), 'utf8'));

const refName = (ref) => {
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  if (!m) throw new Error(`unsupported $ref ${ref}`);
  return m[1];
};
const literal = (v) => JSON.stringify(v);
const indent = (text, by) => text.replace(/\n/g, `\n${by}`);
const docComment = (text, by) => (text ? `${by}/** ${text.replace(/\*\//g, '*\\/').replace(/\n/g, ' ')} */\n` : '');

/** The answer of a paged list route: `{items, nextCursor}` and nothing else. */
const isPage = (s) =>
  s.type === 'object' &&
  Object.keys(s.properties ?? {}).join() === 'items,nextCursor' &&
  s.properties.items.type === 'array';

function typeOf(s, by = '') {
  if (!s || Object.keys(s).length === 0) return 'unknown';
  let t;
  if (s.$ref) t = refName(s.$ref);
  else if (isPage(s)) t = `Page<${typeOf(s.properties.items.items, by)}>`;
  else if (s.allOf) t = s.allOf.map((x) => typeOf(x, by)).join(' & ');
  else if (s.oneOf || s.anyOf) t = (s.oneOf ?? s.anyOf).map((x) => typeOf(x, by)).join(' | ');
  else if (s.enum) t = s.enum.map(literal).join(' | ');
  else if (s.type === 'array') {
    const item = typeOf(s.items, by);
    t = /^[A-Za-z0-9_]+$/.test(item) ? `${item}[]` : `(${item})[]`;
  } else if (s.type === 'object' || s.properties) t = objectType(s, by);
  else if (s.type === 'string') t = s.format === 'binary' ? 'Blob' : 'string';
  else if (s.type === 'integer' || s.type === 'number') t = 'number';
  else if (s.type === 'boolean') t = 'boolean';
  else throw new Error(`unsupported schema ${JSON.stringify(s)}`);
  return s.nullable ? `${t} | null` : t;
}

function objectType(s, by) {
  const props = Object.entries(s.properties ?? {});
  const extra =
    s.additionalProperties === false
      ? 'never'
      : typeof s.additionalProperties === 'object'
        ? typeOf(s.additionalProperties, by)
        : 'unknown';
  if (!props.length) return `Record<string, ${extra}>`;
  const required = new Set(s.required ?? []);
  const inner = `${by}  `;
  const lines = props.map(([name, p]) => {
    const key = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name);
    return `${docComment(p.description, inner)}${inner}${key}${required.has(name) ? '' : '?'}: ${typeOf(p, inner)};`;
  });
  if (s.additionalProperties) lines.push(`${inner}[key: string]: ${extra};`);
  return `{\n${lines.join('\n')}\n${by}}`;
}

const out = [
  '// Generated from openapi.json by scripts/generate-api-types.mjs (npm run api-types); do not edit.',
  '// Every schema of the API: request bodies (…Dto), answers (…View) and enums; then `paths`, every route.',
  '',
  '/** A page of a list route; pass `nextCursor` as `cursor` for the next page (null on the last). */',
  'export interface Page<T> {',
  '  items: T[];',
  '  nextCursor: string | null;',
  '}',
  '',
];
const schemas = Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b));
const isInterface = (s) =>
  !s.allOf && !s.oneOf && !s.anyOf && !s.enum && (s.type === 'object' || s.properties) && !s.nullable;
const sameProperty = (a, b, name) =>
  JSON.stringify(a.properties[name]) === JSON.stringify(b.properties?.[name]) &&
  (a.required ?? []).includes(name) === (b.required ?? []).includes(name);

/**
 * The largest other object schema whose every property `s` repeats as is (TicketDetailView adds
 * the conversation to TicketView, CreateMailboxDto the address to UpdateMailboxDto): `s` is
 * written as extending it, which is the same type, said once.
 */
function baseOf(name, s) {
  let best = null;
  for (const [other, o] of schemas) {
    const props = Object.keys(o.properties ?? {});
    if (other === name || !isInterface(o) || o.additionalProperties || props.length < 4) continue;
    if (props.length >= Object.keys(s.properties ?? {}).length) continue;
    if (props.every((p) => sameProperty(o, s, p)) && props.length > (best?.props.length ?? 0)) best = { other, props };
  }
  return best;
}

for (const [name, schema] of schemas) {
  const base = isInterface(schema) && !schema.additionalProperties ? baseOf(name, schema) : null;
  const own = base
    ? {
        ...schema,
        properties: Object.fromEntries(Object.entries(schema.properties).filter(([p]) => !base.props.includes(p))),
      }
    : schema;
  out.push(
    docComment(schema.description, '') +
      (isInterface(schema)
        ? `export interface ${name}${base ? ` extends ${base.other}` : ''} ${objectType(own, '')}`
        : `export type ${name} = ${indent(typeOf(schema), '')};`),
    '',
  );
}
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const oneLine = (type) => type.replace(/\s*\n\s*/g, ' ').replace(/; \}/g, ' }');

/** `{ id: number }` from a list of parameters; `never` when there are none. */
function paramsOf(list) {
  if (!list.length) return 'never';
  const key = (name) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : literal(name));
  const fields = list.map((p) => `${key(p.name)}${p.required ? '' : '?'}: ${oneLine(typeOf(p.schema))}`);
  return `{ ${fields.join('; ')} }`;
}

/** One operation, as openapi-typescript writes it: parameters by place, body and answers by media type. */
function operationType(op, shared) {
  const params = [...shared, ...(op.parameters ?? [])];
  for (const p of params)
    if (p.in !== 'path' && p.in !== 'query') throw new Error(`unsupported ${p.in} parameter ${p.name}`);
  const query = params.filter((p) => p.in === 'query');
  const inPath = params.filter((p) => p.in === 'path');
  const parameters =
    `{ query${query.some((p) => p.required) ? '' : '?'}: ${paramsOf(query)}; ` +
    `path${inPath.length ? '' : '?'}: ${paramsOf(inPath)} }`;
  const content = (c) =>
    `{ ${Object.entries(c)
      .map(([media, m]) => `${literal(media)}: ${oneLine(typeOf(m.schema))}`)
      .join('; ')} }`;
  const body = op.requestBody
    ? `requestBody${op.requestBody.required ? '' : '?'}: { content: ${content(op.requestBody.content)} }`
    : 'requestBody?: never';
  const responses = Object.entries(op.responses).map(([status, r]) =>
    r.content ? `${status}: { content: ${content(r.content)} }` : `${status}: { content?: never }`,
  );
  return `{ parameters: ${parameters}; ${body}; responses: { ${responses.join('; ')} } }`;
}

out.push('/** Every route of the API: path -> method -> parameters, request body and answers by status. */');
out.push('export interface paths {');
// A route a line: its methods side by side.
for (const [route, item] of Object.entries(doc.paths).sort(([a], [b]) => a.localeCompare(b))) {
  const methods = METHODS.filter((m) => item[m]).map((m) => `${m}: ${operationType(item[m], item.parameters ?? [])};`);
  out.push(`  ${literal(route)}: { ${methods.join(' ')} };`);
}
out.push('}', '');
writeFileSync(path.join(dir, 'openapi.gen.ts'), out.join('\n'));
