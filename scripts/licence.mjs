#!/usr/bin/env node
// `npm run licence -- <keygen|issue|inspect> ...`: the vendor's licence tool (see
// backend/src/licence/licence-cli.ts). Builds the backend first when it is out of date.
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildBackendIfStale, root } from './lib/build-if-stale.mjs';

buildBackendIfStale({ quiet: true });
const { runLicenceCli } = createRequire(import.meta.url)(path.join(root, 'backend/dist/licence/licence-cli.js'));
process.exitCode = runLicenceCli(process.argv.slice(2));
