import { Injectable, NotFoundException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../common/auth-context';
import type { UserRole } from '../common/roles';
import { DATE_TIME } from '../common/api-schema';
import { ApiToken } from './api-token.entity';
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
export const toTokenView = (t: ApiToken) => ({
  id: t.id,
  userId: t.userId,
  name: t.name,
  prefix: t.prefix,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

@Injectable()
export class ApiTokensService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(ApiToken);
  }

  /** Creates a token; the plain value is returned here and never again. */
  async create(userId: number, name: string) {
    const token = API_TOKEN_PREFIX + randomToken();
    const saved = await this.repo.save(
      this.repo.create({ userId, name, tokenHash: sha256(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) }),
    );
    const fresh = await this.repo.findOneByOrFail({ id: saved.id });
    return { ...toTokenView(fresh), token };
  }

  list(userId?: number) {
    return this.repo
      .find({ where: userId === undefined ? {} : { userId }, order: { id: 'ASC' } })
      .then((ts) => ts.map(toTokenView));
  }

  async revoke(id: number, actor: Principal) {
    const token = await this.repo.findOneBy({ id });
    // Someone else's token is reported as missing to agents: its existence is not theirs to know.
    if (!token || (token.userId !== actor.id && actor.role !== 'admin'))
      throw new NotFoundException(`API token ${id} not found`);
    if (!token.revokedAt) await this.repo.update({ id }, { revokedAt: new Date() });
    return toTokenView(await this.repo.findOneByOrFail({ id }));
  }

  /** Resolves a bearer token to its active user; records use at most once a minute. */
  async resolve(token: string): Promise<Principal | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const rows: { token_id: number; id: number; email: string; name: string; role: UserRole; stale: boolean }[] =
      await this.db.query(
        `SELECT t.id AS token_id, u.id, u.email, u.name, u.role,
              (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
         FROM api_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`,
        [sha256(token)],
      );
    const row = rows[0];
    if (!row) return null;
    if (row.stale) await this.db.query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.token_id]);
    return { id: row.id, email: row.email, name: row.name, role: row.role, via: 'token' };
  }
}
