import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { hashPassword } from './passwords';
import { EnvConfig } from '../config/config';
import { LOCKS } from '../database/locks';
import { StandaloneDatabase } from '../database/standalone';
import { UsersRepository } from './users.repository';

/**
 * Creates the first admin when none exists: from HELPDESK_ADMIN_EMAIL/PASSWORD, or
 * with a random password printed once and written to <data dir>/initial-admin-password.
 */
export async function ensureInitialAdmin(
  db: StandaloneDatabase,
  config: EnvConfig,
  logger = new Logger('InitialAdmin'),
) {
  const users = new UsersRepository(db.sql);
  await db.transactions.run(async (tx) => {
    await db.transactions.lock(tx, LOCKS.users);
    if (await users.anyAdmin(tx)) return;
    const email = (config.admin.email ?? 'admin@localhost').toLowerCase();
    const generated = config.admin.password === undefined;
    const password = config.admin.password ?? randomBytes(12).toString('base64url');
    await users.upsertAdmin(tx, email, await hashPassword(password));
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
