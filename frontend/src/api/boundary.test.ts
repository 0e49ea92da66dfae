import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Components reach the API only through the hooks of their feature's `*.api.ts` files: no URL of
 * the API written in a component, and no component calling the client itself (only its error
 * class and the session's token handling may be imported).
 */
const SRC = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CLIENT_NAMES_FOR_COMPONENTS = new Set(['ApiError', 'setCsrfToken', 'setUnauthorizedHandler']);

/** Where a component's source breaks the rule, as `file:line what`. */
function apiBoundaryViolations(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ${what}`);
  const visit = (node: ts.Node) => {
    const isModulePath = !!node.parent && (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent));
    if (
      (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) &&
      !isModulePath &&
      node.text.includes('/api/')
    )
      at(node, `API URL ${JSON.stringify(node.text)}: call a hook of a *.api.ts file`);
    if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      /(^|\/)api\/client$/.test(node.moduleSpecifier.text)
    ) {
      const bindings = node.importClause?.namedBindings;
      const names = bindings && ts.isNamedImports(bindings) ? bindings.elements.map((e) => e.name.text) : ['*'];
      for (const name of names.filter((n) => !CLIENT_NAMES_FOR_COMPONENTS.has(n)))
        at(node, `imports ${name} from the API client: call a hook of a *.api.ts file`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const components = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? components(path.join(dir, e.name))
      : e.name.endsWith('.tsx') && !e.name.endsWith('.test.tsx')
        ? [path.join(dir, e.name)]
        : [],
  );

describe('the API boundary', () => {
  it('finds an API URL or a client call written in a component', () => {
    const source = [
      "import { api, ApiError } from '../api/client';",
      'const a = <a href={`/api/v1/inbound/${id}/raw`}>raw</a>;',
      "void get('/api/v1/tickets');",
    ].join('\n');
    expect(apiBoundaryViolations('X.tsx', source)).toEqual([
      'X.tsx:1 imports api from the API client: call a hook of a *.api.ts file',
      'X.tsx:2 API URL "/api/v1/inbound/": call a hook of a *.api.ts file',
      'X.tsx:3 API URL "/api/v1/tickets": call a hook of a *.api.ts file',
    ]);
  });

  it('holds in every component', () => {
    const files = components(SRC);
    expect(files.length).toBeGreaterThan(30);
    const violations = files.flatMap((f) => apiBoundaryViolations(path.relative(SRC, f), readFileSync(f, 'utf8')));
    expect(violations).toEqual([]);
  });
});
