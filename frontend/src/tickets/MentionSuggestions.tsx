import { Paper, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import type { User } from '../api/types';
import { en } from '../i18n/en';
import { insertMention, mentionAt, mentionedIds, type MentionQuery, suggestions } from './mentions';

/**
 * @-mention autocomplete for the composer's textarea: typing `@` and the start of a name
 * lists matching active agents; arrows move, Enter or Tab picks, Escape closes. Returns
 * the popup, the key handler to run first, a caret handler, and `mentions(text)`: the ids
 * of the agents the text names (sent with the message, so they are told).
 */
export function useMentionAutocomplete(
  users: User[],
  textarea: React.RefObject<HTMLTextAreaElement | null>,
  setText: (text: string) => void,
) {
  const [open, setOpen] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const people = users.filter((u) => u.active);
  const matches = open ? suggestions(people, open.query) : [];

  const track = () => {
    const el = textarea.current;
    const found = el ? mentionAt(el.value, el.selectionStart ?? el.value.length) : null;
    setOpen(found);
    if (found?.query !== open?.query) setActive(0);
  };
  const pick = (name: string) => {
    const el = textarea.current;
    if (!el || !open) return;
    const next = insertMention(el.value, open, el.selectionStart ?? el.value.length, name);
    // Commit the new text now and place the caret before the next keystroke is handled: a
    // caret set later (a frame on) would land in the middle of what the agent typed since.
    flushSync(() => {
      setText(next.text);
      setOpen(null);
    });
    el.focus();
    el.setSelectionRange(next.caret, next.caret);
  };
  /** True when the key was the popup's (the textarea must not act on it). */
  const onKeyDown = (e: React.KeyboardEvent): boolean => {
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
    /** aria props for the textarea (a combobox while the list is open). */
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
