import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { gatherFieldFilters, ListTicketsQuery } from '../tickets/tickets.dto';

/** A view is a saved ticket list, not a saved page: paging parameters have no place in it. */
const NOT_IN_A_VIEW = ['cursor', 'limit'];

function problems(errors: ValidationError[]): Record<string, string[]> {
  return Object.fromEntries(
    errors.map((e) => [`filters.${e.property}`, Object.values(e.constraints ?? { invalid: 'is invalid' })]),
  );
}

/**
 * Checks a view's filters with the very rules GET /api/v1/tickets applies to its
 * query string, so a saved view always opens as a valid list. Returns the typed query.
 */
export function parseViewFilters(filters: Record<string, unknown>): ListTicketsQuery {
  const fields: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (NOT_IN_A_VIEW.includes(key)) fields[`filters.${key}`] = [`${key} is not part of a view`];
    else if (typeof value !== 'string') fields[`filters.${key}`] = [`${key} must be a string, as in a query string`];
  }
  if (!Object.keys(fields).length) {
    // `field.<key>` parameters, as GET /tickets gathers them.
    const query = plainToInstance(ListTicketsQuery, gatherFieldFilters(filters));
    Object.assign(fields, problems(validateSync(query, { whitelist: true, forbidNonWhitelisted: true })));
    if (!Object.keys(fields).length) return query;
  }
  const message = Object.entries(fields)
    .map(([f, p]) => `${f}: ${p.join(', ')}`)
    .join('; ');
  throw new BadRequestException({ message, fields });
}
