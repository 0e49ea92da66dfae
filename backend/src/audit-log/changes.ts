/** What an audit entry records of one field: its value before and after, secrets masked. */
export interface FieldChange {
  before: unknown;
  after: unknown;
}

export const MASK = '***';

/**
 * Field names whose values are never written down: passwords, client secrets, tokens, private
 * and API keys. A bare `key` is an identifier (a ticket field's, a template's); a route whose
 * `key` is a credential (the licence) names it in its own `secretFields`.
 */
const SECRET_FIELD = /(password|secret|token|(private|api|access|signing)_?key)/i;
/** Bookkeeping that changes on every write and says nothing about the action. */
const IGNORED_FIELDS = new Set(['createdAt', 'updatedAt', 'lastUsedAt', 'lastLoginAt', 'lastSeenAt']);

const normalise = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v ?? null)));

/** A value as it may be stored: secret fields hidden, credentials in URLs (`scheme://user:pass@`) hidden. */
export function maskValue(field: string, value: unknown, secretFields: readonly string[] = []): unknown {
  if (value === null || value === undefined) return null;
  // A flag (clientSecretSet) says whether a secret exists, not what it is.
  if (isSecret(field, secretFields) && typeof value !== 'boolean') return MASK;
  if (typeof value === 'string') return value.replace(/(\/\/[^/@:\s]*:)[^@/\s]+@/g, `$1${MASK}@`);
  if (Array.isArray(value)) return value.map((v) => maskValue('', v, secretFields));
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, maskValue(k, v, secretFields)]));
  return value;
}

const isSecret = (field: string, secretFields: readonly string[]) =>
  SECRET_FIELD.test(field) || secretFields.includes(field);

/**
 * The fields an action changed, from the target's state before (null: it was created)
 * and after (null: it was deleted), both as the API shows them. Secret fields the request
 * carried (a new password, a client secret) are recorded as changed without their values,
 * since no view shows them.
 */
export function diffChanges(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  body: unknown,
  secretFields: readonly string[] = [],
): Record<string, FieldChange> {
  const b = (normalise(before) ?? {}) as Record<string, unknown>;
  const a = (normalise(after) ?? {}) as Record<string, unknown>;
  const changes: Record<string, FieldChange> = {};
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (IGNORED_FIELDS.has(field)) continue;
    const was = before ? (b[field] ?? null) : null;
    const now = after ? (a[field] ?? null) : null;
    if (JSON.stringify(was) !== JSON.stringify(now))
      changes[field] = { before: maskValue(field, was, secretFields), after: maskValue(field, now, secretFields) };
  }
  if (body && typeof body === 'object') {
    for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
      if (!isSecret(field, secretFields) || value === undefined || field in changes) continue;
      changes[field] = { before: before ? MASK : null, after: value === null ? null : MASK };
    }
  }
  return changes;
}
