import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A personal API token. Only its SHA-256 is stored; the plain token is shown once. */
@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'user_id', type: 'bigint' })
  userId: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'token_hash', type: 'bytea', select: false })
  tokenHash: Buffer;

  /** First characters of the token, so a person can tell tokens apart. */
  @Column({ type: 'text' })
  prefix: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
