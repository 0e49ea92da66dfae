import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const BACKEND = path.join(__dirname, '..');
// Its package exports no paths to require.resolve; look where npm installed it (the workspace root, usually).
const DEPCRUISE = require.resolve
  .paths('dependency-cruiser')!
  .map((dir) => path.join(dir, 'dependency-cruiser/bin/dependency-cruise.mjs'))
  .find((bin) => existsSync(bin))!;

/** Runs `npm run lint`'s dependency-cruiser step over a tree of files (path -> source). */
function cruise(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'depcruise-'));
  try {
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'commonjs' } }));
    for (const [file, source] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), source);
    }
    const run = spawnSync(
      process.execPath,
      [DEPCRUISE, 'src', '--config', path.join(BACKEND, '.dependency-cruiser.cjs')],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    return { status: run.status, output: run.stdout + run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the folder rules npm run lint enforces', () => {
  it('fails on a cycle between two folders even when no file cycle exists', () => {
    const { status, output } = cruise({
      'src/a/one.ts': `export const one = 1;`,
      'src/a/uses-b.ts': `import { two } from '../b/two';\nexport const x = two;`,
      'src/b/two.ts': `import { one } from '../a/one';\nexport const two = one + 1;`,
    });
    expect(status).not.toBe(0);
    expect(output).toContain('no-folder-cycles: src/a');
    expect(output).not.toContain('no-module-cycles');
  });

  it('fails on SQL outside repositories, a controller reaching a repository, and ticket writes from outside tickets/', () => {
    const { status, output } = cruise({
      'src/database/sql.ts': `export class Sql {}`,
      'src/tickets/tickets.repository.ts': `import { Sql } from '../database/sql';\nexport class TicketsRepository { constructor(readonly sql: Sql) {} }`,
      'src/portal/portal.service.ts': `import { Sql } from '../database/sql';\nexport const s = Sql;`,
      'src/portal/portal.controller.ts': `import { TicketsRepository } from '../tickets/tickets.repository';\nexport const r = TicketsRepository;`,
    });
    expect(status).not.toBe(0);
    expect(output).toContain('only-repositories-run-sql: src/portal/portal.service.ts → src/database/sql.ts');
    expect(output).toContain('controllers-speak-http-only: src/portal/portal.controller.ts');
    expect(output).toContain('ticket-writes-stay-in-tickets: src/portal/portal.controller.ts');
  });

  it('passes the tree as it is', () => {
    const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', '.dependency-cruiser.cjs'], {
      cwd: BACKEND,
      encoding: 'utf8',
    });
    expect(run.stdout + run.stderr).toContain('no dependency violations found');
    expect(run.status).toBe(0);
  });
});
