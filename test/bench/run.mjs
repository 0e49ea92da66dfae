#!/usr/bin/env node
// `npm run bench -- <name> [args]`: runs test/bench/<name>.mjs, which prints its
// figures (as ratios against a baseline measured in the same run). No name: lists them.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [name, ...args] = process.argv.slice(2);
const available = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== 'run.mjs')
  .map((f) => f.replace(/\.mjs$/, ''));
if (!name || !available.includes(name)) {
  console.log(`usage: npm run bench -- <name>\navailable: ${available.join(', ') || '(none yet)'}`);
  process.exit(name ? 1 : 0);
}
const script = path.join(here, `${name}.mjs`);
if (!existsSync(script)) process.exit(1);
const res = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
process.exit(res.status ?? 1);
