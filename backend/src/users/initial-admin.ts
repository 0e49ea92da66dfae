import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { hashPassword } from './passwords';
import { EnvConfig } from '../config/config';
import { LOCKS } from '../database/locks';

/**
 * Creates the first admin when none exists: from HELPDESK_ADMIN_EMAIL/PASSWORD, or
 * with a random password printed once and written to <data dir>/initial-admin-password.
 */
export async function ensureInitialAdmin(db: DataSource, config: EnvConfig, logger = new Logger('InitialAdmin')) {
  await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.users]);
    const [{ exists }] = await tx.query(`SELECT EXISTS (SELECT 1 FROM users WHERE role = 'admin') AS exists`);
    if (exists) return;
    const email = (config.admin.email ?? 'admin@localhost').toLowerCase();
    const generated = config.admin.password === undefined;
    const password = config.admin.password ?? randomBytes(12).toString('base64url');
    await tx.query(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'Administrator', 'admin', $2)
       ON CONFLICT (email) DO UPDATE SET role = 'admin', active = true, password_hash = EXCLUDED.password_hash`,
      [email, await hashPassword(password)],
    );
    if (!generated) {
      logger.log(`created the first admin ${email} from HELPDESK_ADMIN_EMAIL/HELPDESK_ADMIN_PASSWORD`);
      return;
    }
    let where = '';
    try {
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      const file = path.join(config.dataDir, 'initial-admin-password');
      writeFileSync(file, `${email}\n${password}\n`, { mode: 0o600 });
      where = ` (also written to ${file})`;
    } catch {
      // Read-only containers have no data dir; the log line below is then the only copy.
    }
    // Printed straight to stdout once, so it is visible whatever the log level.
    process.stdout.write(
      `\n  First admin created: ${email}\n  Password: ${password}${where}\n  Change it after signing in.\n\n`,
    );
  });
}
