import { Injectable } from '@nestjs/common';
import { Sql } from '../database/sql';
import { Tx } from '../database/transactions';

/** What the licence counts: seats are active users (admins work tickets too). */
@Injectable()
export class LicenceRepository {
  constructor(private readonly sql: Sql) {}

  async seatsUsed(tx?: Tx): Promise<number> {
    const row = await this.sql.row<{ used: number }>(`SELECT count(*)::int AS used FROM users WHERE active`, [], tx);
    return row!.used;
  }
}
