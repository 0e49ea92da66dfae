import { Badge, Stack, Text } from '@mantine/core';
import type { MailSource } from '../api/types';
import { en } from '../i18n/en';
import { fullTime, relativeTime } from '../ui/format';

const KIND: Record<MailSource['type'], string> = { imap: 'IMAP', microsoft365: 'Microsoft 365', gmail: 'Gmail' };
const COLOR = { ok: 'teal', error: 'red', disabled: 'gray' } as const;

/**
 * How a mailbox's source fetches: its kind and health, the last successful fetch, and why it
 * fails while it does (the peers' users learnt of a stopped fetch from customers).
 */
export function SourceState({ source }: { source: MailSource | null }) {
  if (!source) return <Text size="sm">{en.admin.source.none}</Text>;
  return (
    <Stack gap={2}>
      <Badge size="sm" variant="light" color={COLOR[source.status]}>
        {KIND[source.type]} · {en.admin.source.status[source.status]}
      </Badge>
      <Text size="xs" c="dimmed" title={source.lastFetchedAt ? fullTime(source.lastFetchedAt) : undefined}>
        {source.lastFetchedAt ? en.admin.source.fetched(relativeTime(source.lastFetchedAt)) : en.admin.source.never}
      </Text>
      {source.type !== 'imap' && source.push === 'active' && (
        <Text size="xs" c="dimmed">
          {en.admin.source.pushActive}
        </Text>
      )}
      {source.type !== 'imap' && source.push === 'error' && source.pushError && (
        <Text size="xs" c="orange">
          {en.admin.source.pushFailed(source.pushError)}
        </Text>
      )}
      {source.status === 'error' && source.lastError && (
        <Text size="xs" c="red" role="alert">
          {source.lastError}
          {source.errorSince ? ` (${en.admin.source.since(fullTime(source.errorSince))})` : ''}
        </Text>
      )}
      {source.skippedMessages > 0 && (
        <Text size="xs" c="orange">
          {en.admin.source.skipped(source.skippedMessages)}
        </Text>
      )}
    </Stack>
  );
}
