import { Injectable } from '@nestjs/common';
import { UserRole } from '../common/roles';
import { TicketScopeKind, userReachesSql } from '../common/ticket-scope';
import { assignments, Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/** A user as stored, without the password hash (only sign-in reads that). */
export interface UserRow {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  active: boolean;
  ticket_scope: TicketScopeKind;
  /** Job title, for signatures (`{{agent.title}}`); empty when not set. */
  title: string;
  /** The agent's own signature, added to their emailed replies; empty when none. */
  signature: string;
  last_login_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** What signing in checks. */
export interface UserCredentials {
  id: number;
  email: string;
  role: UserRole;
  active: boolean;
  password_hash: string;
}

export interface UserPatch {
  name?: string;
  role?: UserRole;
  active?: boolean;
  ticketScope?: TicketScopeKind;
  title?: string;
  signature?: string;
  passwordHash?: string;
}

const COLUMNS = 'id, email, name, role, active, ticket_scope, title, signature, last_login_at, created_at, updated_at';

/** The `users` table: agents and admins. Emails are stored lower-cased and unique. */
@Injectable()
export class UsersRepository {
  constructor(private readonly sql: Sql) {}

  /** A page by id: users after `afterId`, `limit` of them. */
  list(afterId: number, limit: number): Promise<UserRow[]> {
    return this.sql.rows(`SELECT ${COLUMNS} FROM users WHERE id > $1 ORDER BY id LIMIT $2`, [afterId, limit]);
  }

  find(id: number, tx?: Tx): Promise<UserRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id], tx);
  }

  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.sql.row(`SELECT ${COLUMNS} FROM users WHERE email = $1`, [email]);
  }

  async emailTaken(email: string, tx?: Tx): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM users WHERE email = $1`, [email], tx));
  }

  credentialsByEmail(email: string): Promise<UserCredentials | undefined> {
    return this.sql.row(`SELECT id, email, role, active, password_hash FROM users WHERE email = $1`, [email]);
  }

  credentialsById(id: number): Promise<UserCredentials | undefined> {
    return this.sql.row(`SELECT id, email, role, active, password_hash FROM users WHERE id = $1`, [id]);
  }

  async insert(
    tx: Tx,
    u: {
      email: string;
      name: string;
      role: UserRole;
      passwordHash: string;
      ticketScope: TicketScopeKind;
      title?: string;
      signature?: string;
    },
  ): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO users (email, name, role, password_hash, ticket_scope, title, signature)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [u.email, u.name, u.role, u.passwordHash, u.ticketScope, u.title ?? '', u.signature ?? ''],
      tx,
    );
    return row!.id;
  }

  /** Changes the given fields and stamps updated_at; nothing given, nothing written. */
  async update(id: number, patch: UserPatch, tx?: Tx): Promise<void> {
    const set = assignments(
      {
        name: patch.name,
        role: patch.role,
        active: patch.active,
        ticket_scope: patch.ticketScope,
        title: patch.title,
        signature: patch.signature,
        password_hash: patch.passwordHash,
      },
      2,
    );
    if (!set.values.length) return;
    await this.sql.execute(
      `UPDATE users SET ${[...set.sql, 'updated_at = now()'].join(', ')} WHERE id = $1`,
      [id, ...set.values],
      tx,
    );
  }

  async recordLogin(id: number): Promise<void> {
    await this.sql.execute(`UPDATE users SET last_login_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  async activeAdminCount(tx: Tx): Promise<number> {
    const row = await this.sql.row<{ n: number }>(
      `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active`,
      [],
      tx,
    );
    return row!.n;
  }

  /** Which of these ids are users (active or not). */
  async existing(ids: number[], tx?: Tx): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(`SELECT id FROM users WHERE id = ANY($1::bigint[])`, [ids], tx);
    return rows.map((r) => r.id);
  }

  /** Which of these ids are active users. */
  async active(ids: number[], tx?: Tx): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT id FROM users WHERE id = ANY($1::bigint[]) AND active`,
      [ids],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /** Which of these active users reach the ticket (their ticket scope; `userReachesSql`). */
  async reaching(ticketId: number, ids: number[], tx?: Tx): Promise<number[]> {
    const rows = await this.sql.rows<{ id: number }>(
      `SELECT u.id FROM users u JOIN tickets t ON t.id = $2
        WHERE u.id = ANY($1::bigint[]) AND u.active AND ${userReachesSql('u', 't')}`,
      [ids, ticketId],
      tx,
    );
    return rows.map((r) => r.id);
  }

  /** Whether an address belongs to a user (an agent is never a customer or follower). */
  async isUserAddress(email: string, tx?: Tx): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM users WHERE email = $1`, [email], tx));
  }

  async anyAdmin(tx: Tx): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM users WHERE role = 'admin' LIMIT 1`, [], tx));
  }

  /** Makes `email` an active admin with this password, creating the user if new. */
  async upsertAdmin(tx: Tx, email: string, passwordHash: string): Promise<void> {
    await this.sql.execute(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'Administrator', 'admin', $2)
       ON CONFLICT (email) DO UPDATE SET role = 'admin', active = true, password_hash = EXCLUDED.password_hash`,
      [email, passwordHash],
      tx,
    );
  }
}
