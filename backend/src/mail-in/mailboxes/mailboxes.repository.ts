import { Injectable } from '@nestjs/common';
import { assignments, Sql } from '../../database/sql';
import { Mailbox } from './mailbox.view';

interface MailboxRow {
  id: number;
  address: string;
  display_name: string;
  default_group_id: number | null;
  outbound_from: string | null;
  active: boolean;
  signature: string;
  created_at: Date;
  updated_at: Date;
}

const toMailbox = (r: MailboxRow): Mailbox => ({
  id: r.id,
  address: r.address,
  displayName: r.display_name,
  defaultGroupId: r.default_group_id,
  outboundFrom: r.outbound_from,
  active: r.active,
  signature: r.signature,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface MailboxFields {
  displayName?: string;
  defaultGroupId?: number | null;
  outboundFrom?: string | null;
  active?: boolean;
  signature?: string;
}

/** The `mailboxes` table: the addresses (or whole domains) the help desk answers for. */
@Injectable()
export class MailboxesRepository {
  constructor(private readonly sql: Sql) {}

  /** Every mailbox, by id; only the active ones when asked. */
  async list(onlyActive = false): Promise<Mailbox[]> {
    const rows = await this.sql.rows<MailboxRow>(
      `SELECT * FROM mailboxes${onlyActive ? ' WHERE active' : ''} ORDER BY id`,
    );
    return rows.map(toMailbox);
  }

  async find(id: number): Promise<Mailbox | undefined> {
    const row = await this.sql.row<MailboxRow>(`SELECT * FROM mailboxes WHERE id = $1`, [id]);
    return row && toMailbox(row);
  }

  /** The first active mailbox: where mail from outside any mailbox (the contact form) belongs. */
  async firstActive(): Promise<Mailbox | undefined> {
    const row = await this.sql.row<MailboxRow>(`SELECT * FROM mailboxes WHERE active ORDER BY id LIMIT 1`);
    return row && toMailbox(row);
  }

  async addressTaken(address: string): Promise<boolean> {
    return !!(await this.sql.row(`SELECT 1 FROM mailboxes WHERE address = $1`, [address]));
  }

  async insert(address: string, f: MailboxFields): Promise<number> {
    const row = await this.sql.row<{ id: number }>(
      `INSERT INTO mailboxes (address, display_name, default_group_id, outbound_from, active, signature)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        address,
        f.displayName ?? '',
        f.defaultGroupId ?? null,
        f.outboundFrom ?? null,
        f.active ?? true,
        f.signature ?? '',
      ],
    );
    return row!.id;
  }

  /** Changes the given fields (null is a value: it clears a field) and stamps updated_at. */
  async update(id: number, f: MailboxFields): Promise<void> {
    const set = assignments(
      {
        display_name: f.displayName,
        default_group_id: f.defaultGroupId,
        outbound_from: f.outboundFrom,
        active: f.active,
        signature: f.signature,
      },
      2,
    );
    await this.sql.execute(`UPDATE mailboxes SET ${[...set.sql, 'updated_at = now()'].join(', ')} WHERE id = $1`, [
      id,
      ...set.values,
    ]);
  }

  /** Deletes the mailbox; false when there was none. */
  async delete(id: number): Promise<boolean> {
    return (await this.sql.execute(`DELETE FROM mailboxes WHERE id = $1`, [id])) > 0;
  }

  /** On a fresh install: the configured default mailbox, unless any mailbox exists. */
  async seedDefault(address: string): Promise<void> {
    await this.sql.execute(
      `INSERT INTO mailboxes (address, display_name) SELECT $1, 'Support' WHERE NOT EXISTS (SELECT 1 FROM mailboxes)`,
      [address],
    );
  }
}
