import { TagsInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { en } from '../i18n/en';
import { knownTags } from './known-tags';

/**
 * The ticket's tags. A tag is added with Enter or a comma (or picked from the suggestions: tags
 * seen on loaded tickets and views); text left half-typed when the focus moves on is dropped, never
 * saved as a tag.
 */
export function TagsField({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const qc = useQueryClient();
  const [search, setSearch] = useState('');
  const [suggestions, setSuggestions] = useState<string[]>([]);
  return (
    <TagsInput
      label={en.ticket.tags}
      description={en.ticket.tagsHint}
      value={tags}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      acceptValueOnBlur={false}
      onFocus={() => setSuggestions(knownTags(qc))}
      onBlur={() => setSearch('')}
      // Esc leaves the box, as in every text box here, so j/k and the other shortcuts work again.
      onKeyDown={(e) => e.key === 'Escape' && e.currentTarget.blur()}
      data={suggestions.filter((t) => !tags.includes(t))}
      limit={8}
      size="xs"
      clearable
      data-testid="field-tags"
    />
  );
}
