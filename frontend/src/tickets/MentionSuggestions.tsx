import { Paper, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import type { User } from '../api/types';
import { en } from '../i18n/en';
import { insertMention, mentionAt, mentionedIds, type MentionQuery, suggestions } from './mentions';

/** Where mentions are typed: the composer's editor, read and changed around the caret. */
export interface MentionTarget {
  /** The text of the caret's paragraph up to the caret; null when text is selected. */
  textBeforeCaret(): string | null;
  /** Replaces the `length` characters before the caret by `text`; the caret ends after it. */
  replaceBeforeCaret(length: number, text: string): void;
}

/**
 * @-mention autocomplete for the composer: typing `@` and the start of a name
 * lists matching active agents; arrows move, Enter or Tab picks, Escape closes. Returns
 * the popup, the key handler to run first, a caret handler, and `mentions(text)`: the ids
 * of the agents the text names (sent with the message, so they are told).
 */
export function useMentionAutocomplete(users: User[], target: React.RefObject<MentionTarget | null>) {
  const [open, setOpen] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const people = users.filter((u) => u.active);
  const matches = open ? suggestions(people, open.query) : [];

  const track = () => {
    const before = target.current?.textBeforeCaret() ?? null;
    const found = before === null ? null : mentionAt(before, before.length);
    setOpen(found);
    if (found?.query !== open?.query) setActive(0);
  };
  const pick = (name: string) => {
    const el = target.current;
    const before = el?.textBeforeCaret();
    if (!el || !open || before == null) return;
    const next = insertMention(before, open, before.length, name);
    // Commit the new text now, caret after it, before the next keystroke is handled: a
    // caret set later (a frame on) would land in the middle of what the agent typed since.
    flushSync(() => {
      el.replaceBeforeCaret(before.length - open.start, next.text.slice(open.start));
      setOpen(null);
    });
  };
  /** True when the key was the popup's (the textarea must not act on it). */
  const onKeyDown = (e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'preventDefault'>): boolean => {
    if (!open || !matches.length) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    } else if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
      pick(matches[active].name);
    } else if (e.key === 'Escape') {
      setOpen(null);
    } else return false;
    e.preventDefault();
    return true;
  };

  const popup =
    open && matches.length ? (
      <Paper
        withBorder
        shadow="sm"
        p={4}
        mt={4}
        role="listbox"
        id="mention-suggestions"
        aria-label={en.mentions.suggestions}
      >
        {matches.map((u, i) => (
          <UnstyledButton
            key={u.id}
            role="option"
            aria-selected={i === active}
            id={`mention-option-${u.id}`}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(u.name);
            }}
            style={{
              display: 'block',
              width: '100%',
              padding: '2px 6px',
              borderRadius: 4,
              background: i === active ? 'var(--mantine-color-default-hover)' : undefined,
            }}
          >
            <Text size="sm" span fw={500}>
              {u.name}
            </Text>{' '}
            <Text size="xs" span c="dimmed">
              {u.email}
            </Text>
          </UnstyledButton>
        ))}
      </Paper>
    ) : null;

  return {
    popup,
    onKeyDown,
    track,
    /** aria props for the editable element (a combobox while the list is open). */
    aria:
      open && matches.length
        ? {
            'aria-expanded': true,
            'aria-controls': 'mention-suggestions',
            'aria-activedescendant': `mention-option-${matches[active]?.id}`,
            'aria-autocomplete': 'list' as const,
          }
        : {},
    mentions: (text: string) => mentionedIds(text, people),
  };
}
