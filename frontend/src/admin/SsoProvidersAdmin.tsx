import { Badge, Button, Checkbox, Code, PasswordInput, Switch, Table, TagsInput, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { SsoProvider } from '../api/types';
import { en } from '../i18n/en';
import {
  blankSsoProvider,
  type SsoProviderDraft,
  useDeleteSsoProvider,
  useSaveSsoProvider,
  useSsoProviders,
} from './api/sso-providers';
import { ConfirmModal, DataTable, DraftModal, RowActions, Section } from './shared';

const t = en.admin.sso;

const draftOf = (p: SsoProvider): SsoProviderDraft => ({ ...p, clientSecret: '', removeSecret: false });

/** Whether a secret is stored, in the words the form uses ("set" / "not set"). */
function SecretState({ set }: { set: boolean }) {
  return (
    <Badge size="sm" variant="light" color={set ? 'teal' : 'gray'}>
      {t.secretState(set)}
    </Badge>
  );
}

/** The form of one provider: the secret is write-only (typed to replace, never shown), the redirect URI read-only. */
function ProviderForm({
  draft,
  redirectUri,
  onChange,
}: {
  draft: SsoProviderDraft;
  redirectUri?: string;
  onChange: (d: SsoProviderDraft) => void;
}) {
  const isNew = !draft.id;
  return (
    <>
      <TextInput
        label={t.name}
        description={t.nameHelp}
        required
        maxLength={100}
        value={draft.name}
        onChange={(e) => onChange({ ...draft, name: e.currentTarget.value })}
      />
      <TextInput
        label={t.issuer}
        description={t.issuerHelp}
        type="url"
        required
        placeholder="https://login.example.com"
        value={draft.issuer}
        onChange={(e) => onChange({ ...draft, issuer: e.currentTarget.value })}
      />
      <TextInput
        label={t.clientId}
        required
        value={draft.clientId}
        onChange={(e) => onChange({ ...draft, clientId: e.currentTarget.value })}
      />
      <PasswordInput
        label={t.clientSecret}
        description={t.secretHelp(draft.clientSecretSet, isNew)}
        autoComplete="new-password"
        value={draft.clientSecret}
        onChange={(e) => onChange({ ...draft, clientSecret: e.currentTarget.value, removeSecret: false })}
      />
      {draft.clientSecretSet && (
        <Checkbox
          label={t.removeSecret}
          checked={draft.removeSecret}
          disabled={!!draft.clientSecret}
          onChange={(e) => onChange({ ...draft, removeSecret: e.currentTarget.checked })}
        />
      )}
      <TextInput
        label={t.emailClaim}
        description={t.emailClaimHelp}
        required
        value={draft.emailClaim}
        onChange={(e) => onChange({ ...draft, emailClaim: e.currentTarget.value.trim() })}
      />
      <TagsInput
        label={t.domains}
        description={t.domainsHelp}
        value={draft.allowedDomains}
        onChange={(allowedDomains) => onChange({ ...draft, allowedDomains })}
        splitChars={[',', ' ']}
        clearable
      />
      <Switch
        label={t.jit}
        description={t.jitHelp}
        checked={draft.autoCreateAgents}
        onChange={(e) => onChange({ ...draft, autoCreateAgents: e.currentTarget.checked })}
      />
      <Switch
        label={t.enforced}
        description={t.enforcedHelp}
        checked={draft.enforced}
        onChange={(e) => onChange({ ...draft, enforced: e.currentTarget.checked })}
      />
      {redirectUri && <TextInput label={t.redirectUri} description={t.redirectUriHelp} value={redirectUri} readOnly />}
    </>
  );
}

/** OpenID Connect providers: add, edit, delete (confirmed, naming what is lost). */
export function SsoProvidersAdmin() {
  const providers = useSsoProviders();
  const [draft, setDraft] = useState<SsoProviderDraft | null>(null);
  const [deleting, setDeleting] = useState<SsoProvider | null>(null);
  const save = useSaveSsoProvider(() => setDraft(null));
  const remove = useDeleteSsoProvider(() => setDeleting(null));
  const yesNo = (b: boolean) => (b ? t.yes : t.no);
  const editing = draft?.id ? providers.data?.find((p) => p.id === draft.id) : undefined;
  return (
    <Section
      title={t.title}
      query={providers}
      actions={
        <Button size="xs" onClick={() => setDraft(blankSsoProvider)}>
          {en.admin.add}
        </Button>
      }
    >
      {providers.data?.length === 0 && <Text size="sm">{t.empty}</Text>}
      <DataTable
        head={[
          t.name,
          t.issuer,
          t.clientId,
          t.clientSecret,
          t.domains,
          t.jitColumn,
          t.enforcedColumn,
          t.redirectUri,
          '',
        ]}
      >
        {providers.data?.map((p) => (
          <Table.Tr key={p.id} data-testid="sso-provider-row">
            <Table.Td>{p.name}</Table.Td>
            <Table.Td>{p.issuer}</Table.Td>
            <Table.Td>{p.clientId}</Table.Td>
            <Table.Td>
              <SecretState set={p.clientSecretSet} />
            </Table.Td>
            <Table.Td>{p.allowedDomains.length ? p.allowedDomains.join(', ') : t.anyDomain}</Table.Td>
            <Table.Td>{yesNo(p.autoCreateAgents)}</Table.Td>
            <Table.Td>{yesNo(p.enforced)}</Table.Td>
            <Table.Td>
              <Code style={{ wordBreak: 'break-all' }}>{p.redirectUri}</Code>
            </Table.Td>
            <Table.Td>
              <RowActions onEdit={() => setDraft(draftOf(p))} onDelete={() => setDeleting(p)} />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      {draft && (
        <DraftModal draft={draft} name={draft.name} save={save} onClose={() => setDraft(null)}>
          <ProviderForm draft={draft} redirectUri={editing?.redirectUri} onChange={setDraft} />
        </DraftModal>
      )}
      {deleting && (
        <ConfirmModal
          title={t.deleteTitle(deleting.name)}
          confirmLabel={t.deleteConfirm(deleting.name)}
          busy={remove.isPending}
          onConfirm={() => remove.mutate(deleting.id)}
          onClose={() => setDeleting(null)}
        >
          <Text size="sm">{t.deleteBody(deleting.name)}</Text>
          {deleting.enforced && (
            <Text size="sm" mt="xs" fw={600}>
              {t.deleteEnforced}
            </Text>
          )}
        </ConfirmModal>
      )}
    </Section>
  );
}
