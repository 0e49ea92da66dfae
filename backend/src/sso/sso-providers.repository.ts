import { Injectable } from '@nestjs/common';
import { assignments, Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/** An OpenID Connect provider as stored, without its sealed client secret. */
export interface SsoProviderRow {
  id: number;
  name: string;
  issuer: string;
  client_id: string;
  client_secret_set: boolean;
  email_claim: string;
  allowed_domains: string[];
  auto_create_agents: boolean;
  enforced: boolean;
  created_at: Date;
  updated_at: Date;
}

/** The columns to change; undefined leaves one alone, null clears the secret. */
export interface SsoProviderPatch {
  name?: string;
  issuer?: string;
  clientId?: string;
  clientSecretSealed?: string | null;
  emailClaim?: string;
  allowedDomains?: string[];
  autoCreateAgents?: boolean;
  enforced?: boolean;
}

const COLUMNS = `id, name, issuer, client_id, client_secret_sealed IS NOT NULL AS client_secret_set, email_claim,
  allowed_domains, auto_create_agents, enforced, created_at, updated_at`;

/** The `sso_providers` table: OpenID Connect providers; client secrets sealed with the secret key. */
@Injectable()
export class SsoProvidersRepository {
  constructor(private readonly sql: Sql) {}

  list(): Promise<SsoProviderRow[]> {
    return this.sql.rows(`SELECT ${COLUMNS} FROM sso_providers ORDER BY id`);
  }

  find(id: number): Promise<SsoProviderRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM sso_providers WHERE id = $1`, [id]);
  }

  /** The provider with its sealed client secret (null: a public client). */
  findWithSecret(id: number): Promise<(SsoProviderRow & { client_secret_sealed: string | null }) | undefined> {
    return this.sql.row(`SELECT ${COLUMNS}, client_secret_sealed FROM sso_providers WHERE id = $1`, [id]);
  }

  /** The first provider agents must use, if any. */
  enforced(tx?: Tx): Promise<{ id: number; name: string } | undefined> {
    return this.sql.row(`SELECT id, name FROM sso_providers WHERE enforced ORDER BY id LIMIT 1`, [], tx);
  }

  async insert(p: Required<Omit<SsoProviderPatch, 'clientSecretSealed'>> & { clientSecretSealed: string | null }) {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO sso_providers (name, issuer, client_id, client_secret_sealed, email_claim, allowed_domains, auto_create_agents, enforced)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        p.name,
        p.issuer,
        p.clientId,
        p.clientSecretSealed,
        p.emailClaim,
        p.allowedDomains,
        p.autoCreateAgents,
        p.enforced,
      ],
    );
    return row!.id;
  }

  /** Changes the given columns and stamps updated_at; false when there is no such provider. */
  async update(id: number, patch: SsoProviderPatch): Promise<boolean> {
    const set = assignments(
      {
        name: patch.name,
        issuer: patch.issuer,
        client_id: patch.clientId,
        client_secret_sealed: patch.clientSecretSealed,
        email_claim: patch.emailClaim,
        allowed_domains: patch.allowedDomains,
        auto_create_agents: patch.autoCreateAgents,
        enforced: patch.enforced,
      },
      2,
    );
    const sets = [...set.sql, 'updated_at = now()'].join(', ');
    return (await this.sql.execute(`UPDATE sso_providers SET ${sets} WHERE id = $1`, [id, ...set.values])) > 0;
  }

  /** False when there is no such provider. Its identities go with it (ON DELETE CASCADE). */
  async delete(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM sso_providers WHERE id = $1`, [id])) > 0;
  }
}
