import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { Transactions, Tx } from '../database/transactions';
import { PublicTicketFormView, TicketFormView, toTicketFormView } from './custom-field.view';
import { CreateTicketFormDto, UpdateTicketFormDto } from './custom-fields.dto';
import { CustomFieldsRepository } from './custom-fields.repository';
import { TicketFormRow, TicketFormsRepository } from './ticket-forms.repository';

/**
 * Ticket forms (Zendesk's): a named set of ticket fields in order. A ticket has at most
 * one; agents see its fields in the side panel; a form visible to customers is offered
 * on the contact form with its customer-visible fields. Deactivated, never deleted.
 */
@Injectable()
export class TicketFormsService {
  constructor(
    private readonly forms: TicketFormsRepository,
    private readonly fields: CustomFieldsRepository,
    private readonly transactions: Transactions,
  ) {}

  async list() {
    return { items: (await this.forms.list()).map(toTicketFormView), nextCursor: null };
  }

  async get(id: number, tx?: Tx): Promise<TicketFormView> {
    return toTicketFormView(await this.found(id, tx));
  }

  /** Every form as stored, in display order (in the caller's transaction, when given): the rule engine's catalog. */
  rows(tx?: Tx): Promise<TicketFormRow[]> {
    return this.forms.list(tx);
  }

  /** The form, for the ticket writer: its fields, and whether it may be chosen. */
  find(id: number, tx?: Tx): Promise<TicketFormRow | undefined> {
    return this.forms.find(id, tx);
  }

  async create(dto: CreateTicketFormDto): Promise<TicketFormView> {
    return this.transactions.run(async (tx) => {
      await this.assertName(tx, dto.name, null);
      await this.assertFields(tx, dto.fieldIds ?? []);
      const id = await this.forms.insert(tx, {
        name: dto.name,
        description: dto.description,
        field_ids: dto.fieldIds && [...new Set(dto.fieldIds)],
        visible_to_customers: dto.visibleToCustomers,
        active: dto.active,
        position: dto.position,
      });
      return this.get(id, tx);
    });
  }

  async update(id: number, dto: UpdateTicketFormDto): Promise<TicketFormView> {
    return this.transactions.run(async (tx) => {
      await this.found(id, tx);
      if (dto.name !== undefined) await this.assertName(tx, dto.name, id);
      if (dto.fieldIds !== undefined) await this.assertFields(tx, dto.fieldIds);
      await this.forms.update(tx, id, {
        name: dto.name,
        description: dto.description,
        field_ids: dto.fieldIds && [...new Set(dto.fieldIds)],
        visible_to_customers: dto.visibleToCustomers,
        active: dto.active,
        position: dto.position,
      });
      return this.get(id, tx);
    });
  }

  /** What the public contact form offers: active forms visible to customers, each with its active customer-visible fields. */
  async publicForms(): Promise<PublicTicketFormView[]> {
    const [forms, fields] = await Promise.all([this.forms.list(), this.fields.list('ticket')]);
    return forms
      .filter((f) => f.active && f.visible_to_customers)
      .map((f) => ({
        id: f.id,
        name: f.name,
        description: f.description,
        fields: f.field_ids
          .map((id) => fields.find((d) => d.id === id))
          .filter((d) => d !== undefined && d.active && d.visible_to_customers)
          .map((d) => ({
            key: d!.key,
            label: d!.label,
            description: d!.description,
            type: d!.type,
            options: d!.options.filter((o) => o.active),
            pattern: d!.pattern,
          })),
      }));
  }

  private async found(id: number, tx?: Tx): Promise<TicketFormRow> {
    const f = await this.forms.find(id, tx);
    if (!f) throw new DomainError('not_found', `No ticket form ${id}`);
    return f;
  }

  private async assertName(tx: Tx, name: string, exceptId: number | null) {
    if (await this.forms.nameTaken(name, exceptId, tx))
      throw new DomainError('conflict', `A ticket form named ${name} already exists`);
  }

  private async assertFields(tx: Tx, ids: number[]) {
    const known = new Set((await this.fields.list('ticket', tx)).map((f) => f.id));
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length) throw DomainError.invalid('fieldIds', `no ticket field ${missing.join(', ')}`);
  }
}
