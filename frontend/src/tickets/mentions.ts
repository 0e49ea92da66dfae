/** @-mentions in the composer's text: what is being typed, what to insert, whom the text names. */

export interface MentionQuery {
  /** Index of the `@`. */
  start: number;
  /** What follows it up to the caret. */
  query: string;
}

/**
 * The mention being typed at `caret`: an `@` at the start or after whitespace, followed
 * by at most 40 characters without a line break. Null when the caret is not in one.
 */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0 || (at > 0 && !/\s/.test(before[at - 1]))) return null;
  const query = before.slice(at + 1);
  if (query.length > 40 || /[\r\n]/.test(query) || /\s{2}/.test(query)) return null;
  return { start: at, query };
}

/** People whose name or address starts with the query (any case; each word of the name counts), 8 at most. */
export function suggestions<T extends { name: string; email: string }>(people: T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  return people
    .filter(
      (p) =>
        !q ||
        p.name.toLowerCase().startsWith(q) ||
        p.email.toLowerCase().startsWith(q) ||
        p.name
          .toLowerCase()
          .split(/\s+/)
          .some((w) => w.startsWith(q)),
    )
    .slice(0, 8);
}

/** The text with `@query` at `m` replaced by `@Name `, and where the caret goes. */
export function insertMention(text: string, m: MentionQuery, caret: number, name: string) {
  const inserted = `@${name} `;
  return { text: text.slice(0, m.start) + inserted + text.slice(caret), caret: m.start + inserted.length };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ids of the people the text @-mentions by their full name (as inserted). */
export function mentionedIds(text: string, people: { id: number; name: string }[]): number[] {
  return people
    .filter((p) => p.name && new RegExp(`(^|\\s)@${escape(p.name)}(?![\\p{L}\\p{N}])`, 'u').test(text))
    .map((p) => p.id);
}
