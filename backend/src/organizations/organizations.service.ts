import { Injectable } from '@nestjs/common';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { DomainError } from '../common/domain-error';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { FieldValues } from '../custom-fields/field-types';
import { applyFieldChanges, fieldChanges } from '../custom-fields/field-values';
import { CustomersRepository } from '../customers/customers.repository';
import { Transactions, Tx } from '../database/transactions';
import { OrganizationView, toOrganizationView } from './organization.view';
import { CreateOrganizationDto, ListOrganizationsQuery, UpdateOrganizationDto } from './organizations.dto';
import { OrganizationRow, OrganizationsRepository } from './organizations.repository';

/**
 * Organizations (Zendesk's): a name, email domains, notes, tags and custom fields. A
 * customer whose address is at one of its domains joins it when they first write in
 * (mail, API, contact form) and, when a domain is added, existing customers of that
 * domain who belong nowhere yet join too; agents move people (`PATCH /customers/:id`).
 * Tickets carry the organization their requester had when they were opened.
 */
@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationsRepository,
    private readonly customers: CustomersRepository,
    private readonly fields: CustomFieldsService,
    private readonly transactions: Transactions,
  ) {}

  /** A page by name; the cursor is the last row's [name, id]. */
  async list(q: ListOrganizationsQuery) {
    const limit = q.limit ?? 50;
    const after = q.cursor ? (decodeCursor(q.cursor, 2) as [string, number]) : null;
    const rows = await this.organizations.list(after && { name: after[0], id: after[1] }, limit + 1, q.q);
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(toOrganizationView),
      nextCursor: rows.length > limit ? encodeCursor([last.name, last.id]) : null,
    };
  }

  async get(id: number, tx?: Tx): Promise<OrganizationView> {
    return toOrganizationView(await this.found(id, tx));
  }

  async create(dto: CreateOrganizationDto): Promise<OrganizationView> {
    return this.transactions.run(async (tx) => {
      await this.assertName(tx, dto.name, null);
      await this.assertDomainsFree(tx, dto.domains ?? [], null);
      const id = await this.organizations.insert(tx, {
        name: dto.name,
        notes: dto.notes,
        tags: dto.tags,
        fields: await this.fieldValues(tx, dto.fields, {}),
        shared_tickets: dto.sharedTickets,
      });
      if (dto.domains?.length) await this.takeDomains(tx, id, dto.domains);
      return this.get(id, tx);
    });
  }

  async update(id: number, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    return this.transactions.run(async (tx) => {
      const o = await this.found(id, tx);
      if (dto.name !== undefined) await this.assertName(tx, dto.name, id);
      await this.organizations.update(tx, id, {
        name: dto.name,
        notes: dto.notes,
        tags: dto.tags,
        fields: dto.fields && (await this.fieldValues(tx, dto.fields, o.fields)),
        shared_tickets: dto.sharedTickets,
      });
      if (dto.domains !== undefined) {
        await this.assertDomainsFree(tx, dto.domains, id);
        await this.takeDomains(tx, id, dto.domains);
      }
      return this.get(id, tx);
    });
  }

  /** Deletes an organization no ticket names (its members then belong nowhere); otherwise 409. */
  async remove(id: number): Promise<void> {
    await this.transactions.run(async (tx) => {
      await this.found(id, tx);
      if (await this.organizations.ticketCount(id, tx))
        throw new DomainError('conflict', `Organization ${id} has tickets; it cannot be deleted`);
      await this.organizations.delete(tx, id);
    });
  }

  private async found(id: number, tx?: Tx): Promise<OrganizationRow> {
    const o = await this.organizations.find(id, tx);
    if (!o) throw new DomainError('not_found', `Organization ${id} not found`);
    return o;
  }

  private async assertName(tx: Tx, name: string, exceptId: number | null) {
    if (await this.organizations.nameTaken(name, exceptId, tx))
      throw new DomainError('conflict', `An organization named ${name} already exists`);
  }

  private async assertDomainsFree(tx: Tx, domains: string[], exceptId: number | null) {
    const taken = await this.organizations.takenDomains(domains, exceptId, tx);
    if (taken.length)
      throw new DomainError(
        'conflict',
        `Domain ${taken.map((t) => `${t.domain} belongs to ${t.name}`).join(', ')}; a domain belongs to one organization`,
      );
  }

  /** The domains become the organization's, and customers of them who belong nowhere join it. */
  private async takeDomains(tx: Tx, id: number, domains: string[]) {
    await this.organizations.setDomains(tx, id, domains);
    if (domains.length) await this.customers.joinByDomains(tx, id, domains);
  }

  private async fieldValues(
    tx: Tx,
    input: Record<string, unknown> | undefined,
    current: FieldValues,
  ): Promise<FieldValues> {
    if (!input) return current;
    return applyFieldChanges(current, fieldChanges(await this.fields.definitions('organization', tx), input, current));
  }
}
