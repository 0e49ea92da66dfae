import { Badge, Button, Checkbox, Group, PasswordInput, Select, Switch, Table, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useUsers } from '../api/directory';
import type { TicketScope, UserRole } from '../api/types';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { useConfirm } from '../ui/useConfirm';
import { useInviteUser, useSaveUser, type UserDraft } from './api/users';
import { DataTable, DraftModal, RowActions, Section } from './shared';

const blank: UserDraft = { email: '', name: '', role: 'agent', ticketScope: 'all', active: true, password: '' };
const ROLES = (['agent', 'admin'] as const).map((r) => ({ value: r, label: en.admin.roles[r] }));
const SCOPES = (['all', 'groups', 'assigned'] as const).map((s) => ({ value: s, label: en.admin.ticketScopes[s] }));

/**
 * Agents and admins: invite (a set-password link by mail) or add with a password, change role,
 * deactivate, send a new set-password link (past the licence's seats the API answers 409, shown as is).
 */
export function UsersAdmin() {
  const users = useUsers();
  const [draft, setDraft] = useState<UserDraft | null>(null);
  const save = useSaveUser(() => setDraft(null));
  const [confirmation, confirm] = useConfirm();
  const invite = useInviteUser((email) => notifications.show({ message: en.admin.inviteSent(email) }));
  // Deactivating ends the user's sessions and tokens at once: asked first.
  const saveDraft = {
    isPending: save.isPending,
    mutate: (d: UserDraft) =>
      d.id && users.data?.find((u) => u.id === d.id)?.active && !d.active
        ? confirm({ ...en.admin.confirm.deactivateUser(d.name), run: () => save.mutate(d) })
        : save.mutate(d),
  };
  return (
    <Section
      title={en.admin.sections.users}
      query={users}
      actions={
        <Group gap="xs">
          <Button size="xs" onClick={() => setDraft({ ...blank, invite: true })}>
            {en.admin.invite}
          </Button>
          <Button size="xs" variant="default" onClick={() => setDraft(blank)}>
            {en.admin.add}
          </Button>
        </Group>
      }
    >
      <DataTable
        head={[en.admin.name, en.admin.email, en.admin.role, en.admin.ticketScope, en.admin.active, 'Last sign-in', '']}
      >
        {users.data?.map((u) => (
          <Table.Tr key={u.id}>
            <Table.Td>{u.name}</Table.Td>
            <Table.Td>{u.email}</Table.Td>
            <Table.Td>{en.admin.roles[u.role]}</Table.Td>
            <Table.Td>{u.role === 'admin' ? en.admin.ticketScopes.all : en.admin.ticketScopes[u.ticketScope]}</Table.Td>
            <Table.Td>
              {u.active ? (
                <Badge size="sm" variant="light" color="teal">
                  {en.admin.active}
                </Badge>
              ) : (
                <Badge size="sm" variant="light" color="gray">
                  —
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{u.lastLoginAt ? fullTime(u.lastLoginAt) : '—'}</Table.Td>
            <Table.Td>
              <Group gap={4} wrap="nowrap">
                <RowActions onEdit={() => setDraft({ ...u, password: '' })} />
                {u.active && (
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    loading={invite.isPending && invite.variables?.id === u.id}
                    onClick={() => invite.mutate({ id: u.id, email: u.email })}
                  >
                    {en.admin.resendInvite}
                  </Button>
                )}
              </Group>
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {draft && (
        <DraftModal draft={draft} name={draft.name} save={saveDraft} onClose={() => setDraft(null)}>
          {!draft.id && (
            <TextInput
              label={en.admin.email}
              type="email"
              required
              value={draft.email}
              onChange={(e) => setDraft({ ...draft, email: e.currentTarget.value })}
            />
          )}
          <TextInput
            label={en.admin.name}
            required
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
          />
          <Select
            label={en.admin.role}
            data={ROLES}
            value={draft.role}
            allowDeselect={false}
            onChange={(v) => v && setDraft({ ...draft, role: v as UserRole })}
          />
          {draft.role === 'agent' && (
            <Select
              label={en.admin.ticketScope}
              description={en.admin.ticketScopeHint}
              data={SCOPES}
              value={draft.ticketScope}
              allowDeselect={false}
              onChange={(v) => v && setDraft({ ...draft, ticketScope: v as TicketScope })}
            />
          )}
          {draft.id && (
            <Switch
              label={en.admin.active}
              checked={draft.active}
              onChange={(e) => setDraft({ ...draft, active: e.currentTarget.checked })}
            />
          )}
          {!draft.id && (
            <Checkbox
              label={en.admin.inviteByMail}
              checked={!!draft.invite}
              onChange={(e) => setDraft({ ...draft, invite: e.currentTarget.checked })}
            />
          )}
          {!draft.invite && (
            <PasswordInput
              label={draft.id ? en.admin.newPassword : en.admin.password}
              required={!draft.id}
              minLength={10}
              value={draft.password}
              onChange={(e) => setDraft({ ...draft, password: e.currentTarget.value })}
            />
          )}
        </DraftModal>
      )}
      {confirmation}
    </Section>
  );
}
