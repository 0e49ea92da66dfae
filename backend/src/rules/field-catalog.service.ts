import { Injectable } from '@nestjs/common';
import { ShortCache } from '../common/short-cache';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { TicketFormsService } from '../custom-fields/ticket-forms.service';
import { Tx } from '../database/transactions';
import { catalogOf, FieldCatalog } from './engine/rule-types';

/**
 * The custom ticket fields and ticket forms rules may name (`field.<key>`, `formId`), from
 * the ticket model (issue 15). The engine resolves every `field.<key>` and form through
 * what this returns, so custom fields plug in without the engine knowing them.
 *
 * Read at most once a second per process (every trigger pass consults it); a save (a rule,
 * a macro, the editor's definitions) reads it fresh, so a field made a moment before a
 * rule that names it is known to that rule's checks and, in this process, to its passes.
 */
@Injectable()
export class FieldCatalogService {
  private readonly cache = new ShortCache<FieldCatalog>();

  constructor(
    private readonly fields: CustomFieldsService,
    private readonly forms: TicketFormsService,
  ) {}

  /**
   * The catalog, read on `tx` when given (a caller holding a transaction must not wait for
   * a read on another connection). `fresh`: read now, and keep it for the passes that follow.
   */
  catalog(tx?: Tx, fresh = false): Promise<FieldCatalog> {
    if (fresh) this.cache.clear();
    return this.cache.get(async () => {
      const [fields, forms] = await Promise.all([this.fields.definitions('ticket', tx), this.forms.rows(tx)]);
      return catalogOf(
        fields.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          options: f.options,
          pattern: f.pattern,
          active: f.active,
        })),
        forms.map((f) => ({ id: f.id, name: f.name, active: f.active })),
      );
    }, tx !== undefined);
  }
}
