import { Injectable } from '@nestjs/common';
import { Sql } from '../../database/sql';

/** A DKIM key as stored: the private key sealed, the public one in the clear (for the DNS record). */
export interface DkimKeyRow {
  domain: string;
  selector: string;
  publicKey: string;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `domain, selector, public_key AS "publicKey", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** The `dkim_keys` table: one signing key per sending domain. */
@Injectable()
export class DkimKeysRepository {
  constructor(private readonly sql: Sql) {}

  list(): Promise<DkimKeyRow[]> {
    return this.sql.rows(`SELECT ${COLUMNS} FROM dkim_keys ORDER BY domain`);
  }

  find(domain: string): Promise<DkimKeyRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM dkim_keys WHERE domain = $1`, [domain]);
  }

  /** Sets the domain's key (a new key replaces the old one: publish its record first). */
  async upsert(domain: string, k: { selector: string; privateKey: Buffer; publicKey: string }): Promise<void> {
    await this.sql.execute(
      `INSERT INTO dkim_keys (domain, selector, private_key, public_key) VALUES ($1, $2, $3, $4)
       ON CONFLICT (domain) DO UPDATE
          SET selector = EXCLUDED.selector, private_key = EXCLUDED.private_key, public_key = EXCLUDED.public_key,
              updated_at = now()`,
      [domain, k.selector, k.privateKey, k.publicKey],
    );
  }

  /** False when the domain had no key. */
  async delete(domain: string): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM dkim_keys WHERE domain = $1`, [domain])) > 0;
  }
}
