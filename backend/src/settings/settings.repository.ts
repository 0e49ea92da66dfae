import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/**
 * The `settings` table: one JSON value per key (the relay, the licence, the secret
 * key, the release that last migrated). Values are whatever JSON the owner stores.
 */
@Injectable()
export class SettingsRepository {
  constructor(private readonly sql: Sql) {}

  /** Whether the schema exists yet (the migrate role asks before its first migration). */
  async installed(): Promise<boolean> {
    const row = await this.sql.row<{ installed: boolean }>(
      `SELECT to_regclass('public.settings') IS NOT NULL AS installed`,
    );
    return row!.installed;
  }

  /** The value under `key`, or undefined when none is stored. */
  async get<T>(key: string, tx?: Tx): Promise<T | undefined> {
    const row = await this.sql.row<{ value: T }>(`SELECT value FROM settings WHERE key = $1`, [key], tx);
    return row?.value;
  }

  /** The values stored under these keys (missing keys are absent). */
  async getMany(keys: string[]): Promise<Map<string, unknown>> {
    const rows = await this.sql.rows<{ key: string; value: unknown }>(
      `SELECT key, value FROM settings WHERE key = ANY($1::text[])`,
      [keys],
    );
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  /** Stores `value` (as JSON) under `key`, replacing what was there. */
  async set(key: string, value: unknown): Promise<void> {
    await this.sql.execute(
      `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [key, JSON.stringify(value)],
    );
  }

  /** Stores `value` under `key` unless a value is there already (the first of racing writers wins). */
  async setIfAbsent(key: string, value: unknown): Promise<void> {
    await this.sql.execute(`INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, [
      key,
      JSON.stringify(value),
    ]);
  }

  async delete(key: string): Promise<void> {
    await this.sql.execute(`DELETE FROM settings WHERE key = $1`, [key]);
  }
}
