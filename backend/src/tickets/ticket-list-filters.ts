import { Injectable } from '@nestjs/common';
import { ShortCache } from '../common/short-cache';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { parseFieldFilter } from '../custom-fields/field-filters';
import { FieldDefinition } from '../custom-fields/field-types';
import { DomainError } from '../common/domain-error';
import { TicketListFilters } from './ticket-list.query';
import { ListTicketsQuery } from './tickets.dto';

/**
 * Turns a list's `field.<key>` filters into what the SQL compares (the field's id, typed
 * bounds), for the inbox and for saved views' counts. Field definitions are read at
 * most once a second per process (a list is read far more often than fields change),
 * and again when a filter names a field they do not know yet.
 */
@Injectable()
export class TicketListFilterResolver {
  private readonly defs = new ShortCache<FieldDefinition[]>(1000);

  constructor(private readonly fields: CustomFieldsService) {}

  async resolve(q: ListTicketsQuery): Promise<TicketListFilters> {
    if (!q.fields || !Object.keys(q.fields).length) return q;
    let defs = await this.defs.get(() => this.fields.definitions('ticket'));
    // A field added within the last second: read them again rather than call it unknown.
    if (Object.keys(q.fields).some((key) => !defs.some((d) => d.key === key))) {
      this.defs.clear();
      defs = await this.defs.get(() => this.fields.definitions('ticket'));
    }
    const fieldFilters = Object.entries(q.fields).map(([key, raw]) => {
      const def = defs.find((d) => d.key === key);
      if (!def) throw DomainError.invalid(`field.${key}`, 'no such ticket field');
      return parseFieldFilter(def, raw);
    });
    return { ...q, fieldFilters };
  }
}
