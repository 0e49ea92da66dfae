/**
 * The folder rules `npm run lint` enforces (docs/architecture.md, "Layers and folder rules").
 * @type {import('dependency-cruiser').IConfiguration}
 */
const ORM = '^node_modules/(typeorm|@nestjs/typeorm|pg|pg-[^/]+)/';

module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment:
        'Folders under src depend on each other in one direction only. A cycle between two folders means a concern ' +
        'without a home of its own: give it one (as mail/ is for the vocabulary mail-in and mail-out share).',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No file depends on itself through others (type-only imports included).',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'controllers-speak-http-only',
      comment: 'A controller parses, authorises and calls a service; it never touches TypeORM, pg or SQL.',
      severity: 'error',
      from: { path: '\\.controller\\.ts$' },
      to: { path: [ORM, '^src/database/(sql|transactions|data-source)\\.ts$', '\\.repository\\.ts$'] },
    },
    {
      name: 'only-repositories-run-sql',
      comment:
        'SQL lives in repositories (*.repository.ts), which run it through database/sql.ts; only database/ ' +
        '(pool, transactions, migrations, start-up) touches TypeORM or pg itself.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['\\.repository\\.ts$', '^src/database/'] },
      to: { path: [ORM, '^src/database/sql\\.ts$'] },
    },
    {
      name: 'ticket-writes-stay-in-tickets',
      comment:
        'Tickets and messages are written by the ticket domain service only (tickets/tickets.service.ts): its ' +
        'repository is not for other folders, which change tickets through the service.',
      severity: 'error',
      from: { pathNot: '^src/tickets/' },
      to: { path: '^src/tickets/(tickets|ticket-field-values|ticket-relations)\\.repository\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.spec\\.ts$' },
  },
};
