import { Tx } from '../database/transactions';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { isIP } from 'node:net';
import { SecretKeyService } from '../secrets/secret-key.service';
import { CreateSsoProviderDto, UpdateSsoProviderDto } from './sso-provider.dto';
import { SsoProviderRow, SsoProvidersRepository } from './sso-providers.repository';

const SEAL_PURPOSE = 'oidc-client-secret';

/** A provider as the service works with it (the client secret stays sealed in the database). */
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

const toProvider = (r: SsoProviderRow): SsoProvider => ({
  id: r.id,
  name: r.name,
  issuer: r.issuer,
  clientId: r.client_id,
  clientSecretSet: r.client_secret_set,
  emailClaim: r.email_claim,
  allowedDomains: r.allowed_domains,
  autoCreateAgents: r.auto_create_agents,
  enforced: r.enforced,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

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
    private readonly providers: SsoProvidersRepository,
    private readonly secrets: SecretKeyService,
  ) {}

  async list(): Promise<SsoProvider[]> {
    return (await this.providers.list()).map(toProvider);
  }

  /** @throws NotFoundException */
  async get(id: number): Promise<SsoProvider> {
    const row = await this.providers.find(id);
    if (!row) throw new NotFoundException(`Provider ${id} not found`);
    return toProvider(row);
  }

  /** A provider agents must use, if any (password sign-in then stays for admins only). Inside a transaction, pass it. */
  async enforcedProvider(tx?: Tx): Promise<{ id: number; name: string } | null> {
    return (await this.providers.enforced(tx)) ?? null;
  }

  /**
   * The provider with its client secret unsealed, for talking to it.
   * @throws NotFoundException; SealedSecretError when the secret key changed since the secret was saved.
   */
  async forSignIn(id: number): Promise<SsoProvider & { clientSecret: string | null }> {
    const row = await this.providers.findWithSecret(id);
    if (!row) throw new NotFoundException(`Provider ${id} not found`);
    const sealed = row.client_secret_sealed;
    return { ...toProvider(row), clientSecret: sealed ? this.secrets.open(SEAL_PURPOSE, sealed) : null };
  }

  /** @throws BadRequestException for an issuer that is not https (or http on loopback). */
  async create(dto: CreateSsoProviderDto): Promise<SsoProvider> {
    const id = await this.providers.insert({
      name: dto.name,
      issuer: checkIssuer(dto.issuer),
      clientId: dto.clientId,
      clientSecretSealed: dto.clientSecret ? this.secrets.seal(SEAL_PURPOSE, dto.clientSecret) : null,
      emailClaim: dto.emailClaim ?? 'email',
      allowedDomains: dto.allowedDomains ?? [],
      autoCreateAgents: dto.autoCreateAgents ?? false,
      enforced: dto.enforced ?? false,
    });
    return this.get(id);
  }

  /** `clientSecret`: a new one replaces the stored one, null removes it, undefined keeps it. */
  async update(id: number, dto: UpdateSsoProviderDto): Promise<SsoProvider> {
    const found = await this.providers.update(id, {
      name: dto.name,
      issuer: dto.issuer === undefined ? undefined : checkIssuer(dto.issuer),
      clientId: dto.clientId,
      clientSecretSealed:
        dto.clientSecret === undefined
          ? undefined
          : dto.clientSecret && this.secrets.seal(SEAL_PURPOSE, dto.clientSecret),
      emailClaim: dto.emailClaim,
      allowedDomains: dto.allowedDomains,
      autoCreateAgents: dto.autoCreateAgents,
      enforced: dto.enforced,
    });
    if (!found) throw new NotFoundException(`Provider ${id} not found`);
    return this.get(id);
  }

  /** Removes a provider; people it signed in keep their accounts (and sessions), and lose this way in. */
  async remove(id: number): Promise<void> {
    if (!(await this.providers.delete(id))) throw new NotFoundException(`Provider ${id} not found`);
  }
}
