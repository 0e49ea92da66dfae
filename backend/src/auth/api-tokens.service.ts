import { Injectable, NotFoundException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Principal } from '../common/auth-context';
import { DATE_TIME } from '../common/api-schema';
import { ApiTokenRow, ApiTokensRepository } from './api-tokens.repository';
import { API_TOKEN_PREFIX, randomToken, sha256 } from './tokens';

/** A personal API token as the API shows it (never the token itself). */
export class ApiTokenView {
  @ApiProperty() id!: number;
  @ApiProperty() userId!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'First characters of the token, so a person can tell tokens apart' }) prefix!: string;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty({ ...DATE_TIME, nullable: true }) lastUsedAt!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'Set once revoked; a revoked token no longer signs in' })
  revokedAt!: string | null;
}

/** The answer of creating a token: the only time the plain token is shown. */
export class CreatedApiTokenView extends ApiTokenView {
  @ApiProperty({ description: 'The token to send as `Authorization: Bearer <token>`; shown only this once' })
  token!: string;
}

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as ApiTokenView. */
export const toTokenView = (t: ApiTokenRow) => ({
  id: t.id,
  userId: t.user_id,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.created_at,
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

@Injectable()
export class ApiTokensService {
  constructor(private readonly tokens: ApiTokensRepository) {}

  /** Creates a token; the plain value is returned here and never again. */
  async create(userId: number, name: string) {
    const token = API_TOKEN_PREFIX + randomToken();
    const saved = await this.tokens.insert({
      userId,
      name,
      tokenHash: sha256(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
    });
    return { ...toTokenView(saved), token };
  }

  async list(userId: number) {
    return (await this.tokens.forUser(userId)).map(toTokenView);
  }

  /** A token as the API shows it, or null when there is none with this id. */
  async find(id: number) {
    const token = await this.tokens.find(id);
    return token ? toTokenView(token) : null;
  }

  async revoke(id: number, actor: Principal) {
    const token = await this.tokens.find(id);
    // Someone else's token is reported as missing to agents: its existence is not theirs to know.
    if (!token || (token.user_id !== actor.id && actor.role !== 'admin'))
      throw new NotFoundException(`API token ${id} not found`);
    return toTokenView((await this.tokens.revoke(id))!);
  }

  /** Which of these tokens (SHA-256) still hold: not revoked, user active. */
  stillValid(hashes: Buffer[]): Promise<Buffer[]> {
    return this.tokens.stillValid(hashes);
  }

  /** Resolves a bearer token to its active user; records use at most once a minute. */
  async resolve(token: string): Promise<Principal | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const row = await this.tokens.principal(sha256(token));
    if (!row) return null;
    if (row.stale) await this.tokens.recordUse(row.token_id);
    return { id: row.id, email: row.email, name: row.name, role: row.role, via: 'token' };
  }
}
