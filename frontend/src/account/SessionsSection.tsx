import { Badge, Button, Stack, Table, Text, Title } from '@mantine/core';
import { DataTable } from '../admin/shared';
import { useMySessions, useRevokeSession } from '../auth/auth.api';
import { en } from '../i18n/en';
import { fullTime, relativeTime } from '../ui/format';

/** "Chrome on Linux"-ish from a user agent string; the whole string in the title. */
function browserName(ua: string | null): string {
  if (!ua) return '—';
  const browser = /(Edg|Firefox|Chrome|Safari)\/[\d.]+/.exec(ua)?.[1]?.replace('Edg', 'Edge') ?? ua.slice(0, 40);
  const os = /(Windows|Mac OS X|Android|iPhone|Linux)/.exec(ua)?.[1]?.replace('Mac OS X', 'macOS');
  return os ? `${browser} on ${os}` : browser;
}

/** One's own browser sessions, with a way to sign out of any other. */
export function SessionsSection() {
  const sessions = useMySessions();
  const revoke = useRevokeSession();
  const c = en.account.columns;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {en.account.sessions}
      </Title>
      {sessions.data && sessions.data.length <= 1 && <Text size="sm">{en.account.sessionsEmpty}</Text>}
      <DataTable head={[c.device, c.ip, c.method, c.started, c.seen, '']}>
        {sessions.data?.map((s) => (
          <Table.Tr key={s.id} data-testid="session-row">
            <Table.Td title={s.userAgent ?? undefined}>{browserName(s.userAgent)}</Table.Td>
            <Table.Td>{s.ip ?? '—'}</Table.Td>
            <Table.Td>{en.account.via[s.method]}</Table.Td>
            <Table.Td>{fullTime(s.createdAt)}</Table.Td>
            <Table.Td>{relativeTime(s.lastSeenAt)}</Table.Td>
            <Table.Td>
              {s.current ? (
                <Badge variant="light">{en.account.thisDevice}</Badge>
              ) : (
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => revoke.mutate(s.id)}>
                  {en.account.signOutSession}
                </Button>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}
