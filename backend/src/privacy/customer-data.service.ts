import { Injectable, NotFoundException } from '@nestjs/common';
import { zipSync, strToU8 } from 'fflate';
import { Transactions } from '../database/transactions';
import { CustomerDataRepository, ErasureCounts } from './customer-data.repository';

/** How a customer's erasure shows in the audit log: no personal data, only whether and when. */
export interface CustomerAuditState {
  id: number;
  erasedAt: Date | null;
}

const iso = (d: Date) => d.toISOString();
/** A file name safe in a zip on any system (no folders, no control characters). */
const safeName = (name: string) =>
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  name.replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_').slice(0, 150) || 'attachment';

/**
 * A customer's data on request (issue 13, GDPR Art. 15 and 17): everything about them as
 * one zip, and their erasure. Both are admin actions, recorded in the audit log.
 */
@Injectable()
export class CustomerDataService {
  constructor(
    private readonly data: CustomerDataRepository,
    private readonly transactions: Transactions,
  ) {}

  /**
   * Everything about customer `id` as a zip: `customer.json` (the profile),
   * `tickets.json` (their tickets, each with its messages and their files' names and
   * paths) and `attachments/<id>-<name>` (the files, read from PostgreSQL or the bucket).
   * 404 when there is no such customer; 503 when the bucket holding a file is down.
   */
  async export(id: number): Promise<{ filename: string; zip: Uint8Array }> {
    const profile = await this.data.profile(id);
    if (!profile) throw new NotFoundException(`Customer ${id} not found`);
    const [tickets, messages, attachments] = await Promise.all([
      this.data.tickets(id),
      this.data.messages(id),
      this.data.attachments(id),
    ]);
    const pathOf = (a: { id: number; filename: string }) => `attachments/${a.id}-${safeName(a.filename)}`;
    const files: Record<string, Uint8Array> = {};
    for (const a of attachments) files[pathOf(a)] = new Uint8Array(a.data);
    const customer = {
      id: profile.id,
      email: profile.email,
      name: profile.name,
      createdAt: iso(profile.created_at),
      updatedAt: iso(profile.updated_at),
      erasedAt: profile.erased_at && iso(profile.erased_at),
      organization: profile.organization_id && { id: profile.organization_id, name: profile.organization_name },
      fields: profile.fields,
    };
    const ticketsJson = tickets.map((t) => ({
      id: t.id,
      number: t.number,
      subject: t.subject,
      status: t.status,
      role: t.requester_id === id ? 'requester' : 'participant',
      createdAt: iso(t.created_at),
      updatedAt: iso(t.updated_at),
      messages: messages
        .filter((m) => m.ticket_id === t.id)
        .map((m) => ({
          id: m.id,
          author: { kind: m.author_kind, name: m.author_name },
          visibility: m.visibility,
          channel: m.channel,
          from: m.from_address,
          to: m.to_addresses,
          cc: m.cc_addresses,
          bodyText: m.body_text,
          bodyHtml: m.body_html,
          createdAt: iso(m.created_at),
          attachments: attachments
            .filter((a) => a.message_id === m.id)
            .map((a) => ({ id: a.id, filename: a.filename, contentType: a.content_type, path: pathOf(a) })),
        })),
    }));
    files['customer.json'] = strToU8(JSON.stringify(customer, null, 2));
    files['tickets.json'] = strToU8(JSON.stringify(ticketsJson, null, 2));
    return { filename: `customer-${id}.zip`, zip: zipSync(files) };
  }

  /**
   * Erases customer `id` in one transaction (what goes and what stays: see
   * CustomerDataRepository.erase); answers what it touched. Erasing an erased customer
   * again is harmless. 404 when there is no such customer.
   */
  async erase(id: number): Promise<ErasureCounts> {
    return this.transactions.run(async (tx) => {
      if (!(await this.data.profile(id, tx))) throw new NotFoundException(`Customer ${id} not found`);
      return this.data.erase(tx, id);
    });
  }

  /** The audit log's view of a customer (never their email or name, which erasure removes). */
  async auditState(id: number): Promise<CustomerAuditState | null> {
    const p = await this.data.profile(id);
    return p ? { id: p.id, erasedAt: p.erased_at } : null;
  }
}
