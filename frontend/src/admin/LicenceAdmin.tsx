import { Alert, Badge, Button, Group, Stack, Table, Textarea } from '@mantine/core';
import { useState } from 'react';
import { en } from '../i18n/en';
import { useInstallLicence, useLicence, useRemoveLicence } from './api/licence';
import { Section } from './shared';
import { useConfirm } from '../ui/useConfirm';

/** Licence status and seats; install or remove a key (unless the environment provides it). */
export function LicenceAdmin() {
  const licence = useLicence();
  const [key, setKey] = useState('');
  const install = useInstallLicence(() => setKey(''));
  const remove = useRemoveLicence();
  const [confirmation, confirm] = useConfirm();
  const l = licence.data;
  const fromEnv = l?.source === 'env';
  const t = en.admin.licence;
  return (
    <Section title={en.admin.sections.licence} query={licence}>
      {l && (
        <Stack>
          {l.notice && <Alert color="yellow">{l.notice}</Alert>}
          <Table maw={520} fz="sm">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th>{en.admin.status}</Table.Th>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={l.status === 'licensed' ? 'teal' : l.status === 'free' ? 'gray' : 'orange'}
                  >
                    {t.status[l.status]}
                  </Badge>
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t.licensee}</Table.Th>
                <Table.Td>{l.licensee ? `${l.licensee.name} <${l.licensee.email}>` : '—'}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t.seats}</Table.Th>
                <Table.Td>
                  {l.seatsUsed} / {l.seats}
                </Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t.updatesUntil}</Table.Th>
                <Table.Td>{l.updatesUntil ?? '—'}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
          {fromEnv ? (
            <Alert color="gray">{t.fromEnv}</Alert>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                if (key.trim()) install.mutate(key.trim());
              }}
            >
              <Stack maw={640}>
                <Textarea
                  label={t.key}
                  autosize
                  minRows={3}
                  value={key}
                  onChange={(e) => setKey(e.currentTarget.value)}
                  ff="monospace"
                />
                <Group>
                  <Button type="submit" loading={install.isPending}>
                    {t.install}
                  </Button>
                  {l.source === 'settings' && (
                    <Button
                      variant="subtle"
                      color="red"
                      onClick={() =>
                        confirm({
                          ...en.admin.confirm.removeLicence(l.licensee?.name ?? null),
                          run: () => remove.mutate(undefined),
                        })
                      }
                      loading={remove.isPending}
                    >
                      {t.remove}
                    </Button>
                  )}
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      )}
      {confirmation}
    </Section>
  );
}
