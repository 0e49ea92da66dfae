import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ROOT } from './processes';

/**
 * A copy of this build as the vendor would release it later: its own version, release
 * date and vendor public key (the one file release builds take it from), sharing this
 * checkout's node_modules. Returns the path of its `main.js`.
 */
export function releaseBuild({
  releaseDate,
  publicKeyFile,
  version = '9.9.0',
}: {
  releaseDate: string;
  publicKeyFile: string;
  version?: string;
}): string {
  const dir = mkdtempSync(path.join(tmpdir(), `helpdesk-release-${releaseDate}-`));
  mkdirSync(path.join(dir, 'backend'));
  cpSync(path.join(ROOT, 'backend/dist'), path.join(dir, 'backend/dist'), { recursive: true });
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'backend/package.json'), 'utf8'));
  writeFileSync(path.join(dir, 'backend/package.json'), JSON.stringify({ ...pkg, version, helpdesk: { releaseDate } }));
  cpSync(publicKeyFile, path.join(dir, 'backend/licence-public-key.pem'));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  symlinkSync(path.join(ROOT, 'backend/node_modules'), path.join(dir, 'backend/node_modules'));
  return path.join(dir, 'backend/dist/main.js');
}

/** The vendor tool (`npm run licence -- ...`), as the vendor runs it. */
export const licenceTool = (...args: string[]) =>
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/licence.mjs'), ...args], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
