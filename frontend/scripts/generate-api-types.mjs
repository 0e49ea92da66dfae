#!/usr/bin/env node
// Writes src/api/openapi.gen.ts: a TypeScript type for every schema of the API's OpenAPI
// document (src/api/openapi.json, the backend's own, checked equal to what the api serves by
// backend/test/openapi.e2e-spec.ts). `build` and `lint` run this before tsc, so a backend
// change the UI does not follow fails the type check. Covers the subset of OpenAPI 3.0 that
// @nestjs/swagger emits: $ref, allOf/oneOf/anyOf, enum, nullable, arrays, objects.
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

function typeOf(s, by = '') {
  if (!s || Object.keys(s).length === 0) return 'unknown';
  let t;
  if (s.$ref) t = refName(s.$ref);
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
  '// Every schema of the API: request bodies (…Dto), answers (…View) and enums.',
  '',
];
for (const [name, schema] of Object.entries(doc.components?.schemas ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
  const isObject =
    !schema.allOf &&
    !schema.oneOf &&
    !schema.anyOf &&
    !schema.enum &&
    (schema.type === 'object' || schema.properties) &&
    !schema.nullable;
  out.push(
    docComment(schema.description, '') +
      (isObject
        ? `export interface ${name} ${objectType(schema, '')}`
        : `export type ${name} = ${indent(typeOf(schema), '')};`),
    '',
  );
}
writeFileSync(path.join(dir, 'openapi.gen.ts'), out.join('\n'));
