import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { Transactions, Tx } from '../database/transactions';
import { CustomFieldView, toCustomFieldView } from './custom-field.view';
import { CreateFieldDto, UpdateFieldDto } from './custom-fields.dto';
import { CustomFieldRow, CustomFieldsRepository, toDefinition } from './custom-fields.repository';
import { FieldDefinition, FieldEntity, FieldOption, FieldType, OPTION_TYPES } from './field-types';
import { wholeValuePattern } from './field-values';

/**
 * Custom fields of tickets, customers and organizations (Zendesk's ticket, user and
 * organization fields). Admins add and change them; a field is deactivated, never
 * deleted, and its key and type are fixed, so values already stored keep their meaning;
 * a label (of the field or an option) can be renamed at will. An option that records
 * hold cannot be removed, only deactivated.
 */
@Injectable()
export class CustomFieldsService {
  constructor(
    private readonly fields: CustomFieldsRepository,
    private readonly transactions: Transactions,
  ) {}

  async list(entity: FieldEntity) {
    return { items: (await this.fields.list(entity)).map(toCustomFieldView), nextCursor: null };
  }

  async get(entity: FieldEntity, id: number, tx?: Tx): Promise<CustomFieldView> {
    return toCustomFieldView(await this.found(entity, id, tx));
  }

  /** The fields of an entity as writers check values against them (in the caller's transaction, when given). */
  async definitions(entity: FieldEntity, tx?: Tx): Promise<FieldDefinition[]> {
    return (await this.fields.list(entity, tx)).map(toDefinition);
  }

  async create(entity: FieldEntity, dto: CreateFieldDto): Promise<CustomFieldView> {
    return this.transactions.run(async (tx) => {
      this.check(entity, dto.type, dto);
      if ((await this.fields.list(entity, tx)).some((f) => f.key === dto.key))
        throw new DomainError('conflict', `A ${entity} field with key ${dto.key} already exists`);
      const id = await this.fields.insert(tx, {
        entity,
        key: dto.key,
        label: dto.label,
        type: dto.type,
        description: dto.description,
        options: dto.options && withDefaults(dto.options),
        pattern: dto.pattern,
        visible_to_customers: dto.visibleToCustomers,
        required_to_solve: dto.requiredToSolve,
        active: dto.active,
        position: dto.position,
      });
      return this.get(entity, id, tx);
    });
  }

  async update(entity: FieldEntity, id: number, dto: UpdateFieldDto): Promise<CustomFieldView> {
    return this.transactions.run(async (tx) => {
      const field = await this.found(entity, id, tx);
      this.check(entity, field.type, dto);
      const options = dto.options && withDefaults(dto.options, field.options);
      if (options) await this.assertNoneRemovedInUse(tx, field, options);
      await this.fields.update(tx, id, {
        label: dto.label,
        description: dto.description,
        options,
        pattern: dto.pattern,
        visible_to_customers: dto.visibleToCustomers,
        required_to_solve: dto.requiredToSolve,
        active: dto.active,
        position: dto.position,
      });
      return this.get(entity, id, tx);
    });
  }

  private async found(entity: FieldEntity, id: number, tx?: Tx): Promise<CustomFieldRow> {
    const f = await this.fields.find(entity, id, tx);
    if (!f) throw new DomainError('not_found', `No ${entity} field ${id}`);
    return f;
  }

  /** What a field of this type may carry: options for choices, a compiling pattern for regex, "required to solve" on tickets. */
  private check(entity: FieldEntity, type: FieldType, dto: UpdateFieldDto) {
    const choices = OPTION_TYPES.includes(type);
    if (dto.options !== undefined && !choices) throw DomainError.invalid('options', `a ${type} field has no options`);
    if (choices && dto.options !== undefined) {
      if (!dto.options.length) throw DomainError.invalid('options', `a ${type} field needs at least one option`);
      const dup = dto.options.find((o, i) => dto.options!.findIndex((p) => p.value === o.value) !== i);
      if (dup) throw DomainError.invalid('options', `option value "${dup.value}" is given twice`);
    }
    if (choices && dto.options === undefined && 'key' in dto)
      throw DomainError.invalid('options', `a ${type} field needs its options`);
    if (dto.pattern !== undefined && type !== 'regex')
      throw DomainError.invalid('pattern', 'only regex fields have one');
    if (type === 'regex' && 'key' in dto && !dto.pattern)
      throw DomainError.invalid('pattern', 'a regex field needs one');
    if (dto.pattern !== undefined) {
      try {
        wholeValuePattern(dto.pattern);
      } catch (e) {
        throw DomainError.invalid('pattern', `does not compile: ${(e as Error).message}`);
      }
    }
    if (dto.requiredToSolve && entity !== 'ticket')
      throw DomainError.invalid('requiredToSolve', 'only ticket fields can be required to solve');
  }

  /** Options dropped from the list must be held by no record: those are deactivated instead, never lost. */
  private async assertNoneRemovedInUse(tx: Tx, field: CustomFieldRow, next: FieldOption[]) {
    for (const old of field.options) {
      if (next.some((o) => o.value === old.value)) continue;
      if (await this.fields.optionInUse(field, old.value, tx))
        throw new DomainError(
          'conflict',
          `Option "${old.value}" of ${field.key} is in use; deactivate it (active: false) instead of removing it`,
        );
    }
  }
}

/** Options as stored: `active` defaults to true, or to what the option was. */
function withDefaults(options: { value: string; label: string; active?: boolean }[], before: FieldOption[] = []) {
  return options.map((o) => ({
    value: o.value,
    label: o.label,
    active: o.active ?? before.find((b) => b.value === o.value)?.active ?? true,
  }));
}
