import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isIP } from 'node:net';
import { DataSource } from 'typeorm';
import { returning } from '../common/returning';
import { SecretKeyService } from '../secrets/secret-key.service';
import { CreateSsoProviderDto, UpdateSsoProviderDto } from './sso-provider.dto';

const SEAL_PURPOSE = 'oidc-client-secret';

/** A provider as stored, secret still sealed. */
export interface SsoProvider {
  id: number;
  name: string;
  issuer: string;
  clientId: string;
  clientSecretSet: boolean;
  emailClaim: string;
  allowedDomains: string[];
  autoCreateAgents: boolean;
  enforced: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id, name, issuer, client_id AS "clientId", client_secret_sealed IS NOT NULL AS "clientSecretSet",
  email_claim AS "emailClaim", allowed_domains AS "allowedDomains", auto_create_agents AS "autoCreateAgents",
  enforced, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Loopback issuers may speak plain HTTP (a provider on the same machine, tests); anything else needs HTTPS. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

function checkIssuer(issuer: string): string {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw new BadRequestException({ message: 'issuer: must be a URL', fields: { issuer: ['must be a URL'] } });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    const problem = 'must be an https:// URL (http:// only on a loopback address)';
    throw new BadRequestException({ message: `issuer: ${problem}`, fields: { issuer: [problem] } });
  }
  return issuer.replace(/\/+$/, '');
}

/** OpenID Connect providers (GET/POST/PATCH/DELETE /api/v1/auth/providers). */
@Injectable()
export class SsoProvidersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly secrets: SecretKeyService,
  ) {}

  list(): Promise<SsoProvider[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM sso_providers ORDER BY id`);
  }

  async get(id: number): Promise<SsoProvider> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM sso_providers WHERE id = $1`, [id]);
    if (!row) throw new NotFoundException(`Provider ${id} not found`);
    return row;
  }

  /** A provider agents must use, if any (password sign-in then stays for admins only). */
  async enforcedProvider(): Promise<{ id: number; name: string } | null> {
    const [row] = await this.db.query(`SELECT id, name FROM sso_providers WHERE enforced ORDER BY id LIMIT 1`);
    return row ?? null;
  }

  /** The provider with its client secret unsealed, for talking to it. */
  async forSignIn(id: number): Promise<SsoProvider & { clientSecret: string | null }> {
    const [row] = await this.db.query(
      `SELECT ${COLUMNS}, client_secret_sealed AS "sealed" FROM sso_providers WHERE id = $1`,
      [id],
    );
    if (!row) throw new NotFoundException(`Provider ${id} not found`);
    const { sealed, ...provider } = row as SsoProvider & { sealed: string | null };
    return { ...provider, clientSecret: sealed ? this.secrets.open(SEAL_PURPOSE, sealed) : null };
  }

  async create(dto: CreateSsoProviderDto): Promise<SsoProvider> {
    const [{ id }] = await this.db.query(
      `INSERT INTO sso_providers (name, issuer, client_id, client_secret_sealed, email_claim, allowed_domains, auto_create_agents, enforced)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [
        dto.name,
        checkIssuer(dto.issuer),
        dto.clientId,
        dto.clientSecret ? this.secrets.seal(SEAL_PURPOSE, dto.clientSecret) : null,
        dto.emailClaim ?? 'email',
        dto.allowedDomains ?? [],
        dto.autoCreateAgents ?? false,
        dto.enforced ?? false,
      ],
    );
    return this.get(id);
  }

  async update(id: number, dto: UpdateSsoProviderDto): Promise<SsoProvider> {
    const sets: string[] = [];
    const values: unknown[] = [id];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    if (dto.name !== undefined) set('name', dto.name);
    if (dto.issuer !== undefined) set('issuer', checkIssuer(dto.issuer));
    if (dto.clientId !== undefined) set('client_id', dto.clientId);
    if (dto.clientSecret !== undefined)
      set('client_secret_sealed', dto.clientSecret && this.secrets.seal(SEAL_PURPOSE, dto.clientSecret));
    if (dto.emailClaim !== undefined) set('email_claim', dto.emailClaim);
    if (dto.allowedDomains !== undefined) set('allowed_domains', dto.allowedDomains);
    if (dto.autoCreateAgents !== undefined) set('auto_create_agents', dto.autoCreateAgents);
    if (dto.enforced !== undefined) set('enforced', dto.enforced);
    const rows = await returning(
      this.db,
      `UPDATE sso_providers SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING id`,
      values,
    );
    if (!rows.length) throw new NotFoundException(`Provider ${id} not found`);
    return this.get(id);
  }

  /** Removes a provider; people it signed in keep their accounts (and sessions), and lose this way in. */
  async remove(id: number): Promise<void> {
    const rows = await returning(this.db, `DELETE FROM sso_providers WHERE id = $1 RETURNING id`, [id]);
    if (!rows.length) throw new NotFoundException(`Provider ${id} not found`);
  }
}
