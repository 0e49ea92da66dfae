import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Config } from '../config/config';

export const FRONTEND_DIR = Symbol('FRONTEND_DIR');

/** Where the built UI lives: HELPDESK_FRONTEND_DIR, or frontend/dist beside the backend. Null when not built. */
export function resolveFrontendDir(config: Config): string | null {
  const dir = config.http.frontendDir ?? path.resolve(__dirname, '../../../frontend/dist');
  return existsSync(path.join(dir, 'index.html')) ? dir : null;
}
