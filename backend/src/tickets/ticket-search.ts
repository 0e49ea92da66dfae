import { DomainError } from '../common/domain-error';
import { TICKET_STATUSES, TicketStatus } from './ticket.constants';

/**
 * What a search box query asks for, beside its free text (issue 18, "Finding things"):
 * - `#155`, or a query that is only `155`: the ticket with that number;
 * - an email address: tickets it requested or is CC'd on (CC'd customers follow the ticket);
 * - `requester:` (email, or the start of a name or address), `assignee:` (`me`, `none`,
 *   email, or the start of a name), `tag:`, `status:` (comma-separated) qualifiers, each
 *   taking a word or a "quoted value";
 * - every other word stays full-text, matched as before.
 * Qualifier names follow Zendesk's search syntax.
 */
export interface SearchTerms {
  /** The free text left for full-text search ('' when none). */
  text: string;
  number?: number;
  /** Addresses each of which requested the ticket or is CC'd on it. */
  participants: string[];
  requester: string[];
  assignee: string[];
  tags: string[];
  statuses?: TicketStatus[];
}

const QUALIFIERS = ['requester', 'assignee', 'tag', 'status'] as const;
type Qualifier = (typeof QUALIFIERS)[number];
const EMAIL = /^[^\s@"]+@[^\s@"]+\.[^\s@"]+$/;
// qualifier:"quoted value" | qualifier:value | "quoted words" | word
const TOKEN = /([a-z]+):"([^"]*)"?|([a-z]+):(\S+)|"([^"]*)"?|(\S+)/gi;

/**
 * Splits a search box query into its terms. Throws an `invalid` DomainError (field `q`)
 * for a `status:` value that is not a status, so a typo is said rather than matching nothing.
 */
export function parseTicketSearch(q: string): SearchTerms {
  const terms: SearchTerms = { text: '', participants: [], requester: [], assignee: [], tags: [] };
  const text: string[] = [];
  const whole = q.trim();
  if (/^#?\d{1,15}$/.test(whole)) return { ...terms, number: Number(whole.replace('#', '')) };
  for (const m of whole.matchAll(TOKEN)) {
    const key = (m[1] ?? m[3])?.toLowerCase();
    const value = (m[2] ?? m[4] ?? '').trim();
    if (key && (QUALIFIERS as readonly string[]).includes(key)) {
      if (value) qualify(terms, key as Qualifier, value);
      continue;
    }
    const word = m[0];
    if (m[5] === undefined && /^#\d{1,15}$/.test(word)) terms.number = Number(word.slice(1));
    else if (m[5] === undefined && EMAIL.test(word)) terms.participants.push(word.toLowerCase());
    else text.push(word);
  }
  terms.text = text.join(' ');
  return terms;
}

function qualify(terms: SearchTerms, key: Qualifier, value: string) {
  if (key === 'tag') terms.tags.push(value.toLowerCase());
  else if (key === 'requester') terms.requester.push(value.toLowerCase());
  else if (key === 'assignee') terms.assignee.push(value.toLowerCase());
  else {
    const statuses = value.toLowerCase().split(',').filter(Boolean);
    const bad = statuses.filter((s) => !(TICKET_STATUSES as readonly string[]).includes(s));
    if (bad.length)
      throw DomainError.invalid('q', `status:${bad.join(',')} is not one of ${TICKET_STATUSES.join(', ')}`);
    terms.statuses = [...new Set([...(terms.statuses ?? []), ...(statuses as TicketStatus[])])];
  }
}

/** `value` as a LIKE pattern matching what starts with it (its own % and _ taken literally). */
const prefix = (value: string) => `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The SQL conditions on tickets `t` of the terms other than text and status; `param`
 * numbers the values, `me` is the agent asking. Each is an indexed lookup: the number's
 * unique index, the customer's email (unique) then their tickets by requester index and
 * followers by customer index, names by their lower(name) pattern index.
 */
export function searchConditions(s: SearchTerms, me: number, param: (v: unknown) => string): string[] {
  const where: string[] = [];
  if (s.number !== undefined) where.push(`t.number = ${param(s.number)}`);
  for (const email of s.participants) {
    const p = param(email);
    where.push(`t.id IN (SELECT r.id FROM tickets r JOIN customers c ON c.id = r.requester_id WHERE c.email = ${p}
      UNION ALL SELECT f.ticket_id FROM ticket_followers f JOIN customers c ON c.id = f.customer_id WHERE c.email = ${p})`);
  }
  for (const who of s.requester) {
    where.push(
      who.includes('@')
        ? `t.requester_id IN (SELECT id FROM customers WHERE email = ${param(who)})`
        : `t.requester_id IN (SELECT id FROM customers WHERE lower(name) LIKE ${param(prefix(who))} OR email LIKE ${param(prefix(who))})`,
    );
  }
  for (const who of s.assignee) {
    if (who === 'me') where.push(`t.assignee_id = ${param(me)}`);
    else if (who === 'none') where.push('t.assignee_id IS NULL');
    else
      where.push(
        who.includes('@')
          ? `t.assignee_id IN (SELECT id FROM users WHERE lower(email) = ${param(who)})`
          : `t.assignee_id IN (SELECT id FROM users WHERE lower(name) LIKE ${param(prefix(who))})`,
      );
  }
  if (s.tags.length) where.push(`t.tags @> ${param(s.tags)}::text[]`);
  return where;
}
