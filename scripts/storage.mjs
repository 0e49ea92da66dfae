#!/usr/bin/env node
// `npm run storage -- <status|move> ...`: where attachments and raw mail are kept, and moving
// them between PostgreSQL and the bucket (see backend/src/storage/storage-cli.ts). Builds the
// backend first when it is out of date.
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildBackendIfStale, root } from './lib/build-if-stale.mjs';

buildBackendIfStale({ quiet: true });
const { runStorageCli } = createRequire(import.meta.url)(path.join(root, 'backend/dist/storage/storage-cli.js'));
process.exitCode = await runStorageCli(process.argv.slice(2));
