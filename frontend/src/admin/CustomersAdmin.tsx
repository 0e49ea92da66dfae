import { Alert, Anchor, Button, Group, List, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { Customer } from '../api/types';
import { en } from '../i18n/en';
import { useCustomerSearch } from '../organizations/organizations.api';
import { customerExportUrl, type CustomerErasure, useEraseCustomer } from './api/customer-data';
import { ConfirmModal, DataTable, Section } from './shared';

/**
 * A customer's data on request (GDPR articles 15, 17 and 20): find them by email or name,
 * download everything held about them as a zip, or erase them. Erasing asks for their
 * address typed back, says what goes, and reports what went.
 */
export function CustomersAdmin() {
  const [q, setQ] = useState('');
  const found = useCustomerSearch(q);
  const [erasing, setErasing] = useState<Customer | null>(null);
  const [erased, setErased] = useState<{ customer: Customer; counts: CustomerErasure } | null>(null);

  return (
    <Section title={en.admin.customers.title}>
      <Text size="sm" c="dimmed">
        {en.admin.customers.intro}
      </Text>
      <TextInput
        label={en.admin.customers.search}
        type="search"
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
        maw={400}
      />
      {erased && <ErasedSummary {...erased} onClose={() => setErased(null)} />}
      {found.isSuccess && !found.data.length && <Text c="dimmed">{en.admin.customers.none}</Text>}
      {!!found.data?.length && (
        <DataTable head={[en.admin.customers.name, en.admin.customers.email, '']}>
          {found.data.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{c.name || '—'}</Table.Td>
              <Table.Td>{c.email}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap" justify="flex-end">
                  <Button
                    component="a"
                    href={customerExportUrl(c.id)}
                    download
                    size="compact-xs"
                    variant="subtle"
                    aria-label={en.admin.customers.exportOf(c.email)}
                  >
                    {en.admin.customers.export}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    onClick={() => setErasing(c)}
                    aria-label={en.admin.customers.eraseOf(c.email)}
                  >
                    {en.admin.customers.erase}
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {erasing && (
        <EraseCustomer
          customer={erasing}
          onClose={() => setErasing(null)}
          onErased={(counts) => {
            setErased({ customer: erasing, counts });
            setErasing(null);
          }}
        />
      )}
    </Section>
  );
}

/** The erasure's confirmation: names what is lost, and goes ahead only with the address typed back. */
function EraseCustomer({
  customer,
  onClose,
  onErased,
}: {
  customer: Customer;
  onClose: () => void;
  onErased: (counts: CustomerErasure) => void;
}) {
  const [typed, setTyped] = useState('');
  const erase = useEraseCustomer(onErased);
  const matches = typed.trim().toLowerCase() === customer.email;
  return (
    <ConfirmModal
      title={en.admin.customers.eraseTitle(customer.email)}
      confirmLabel={en.admin.customers.erase}
      busy={erase.isPending}
      confirmDisabled={!matches}
      onConfirm={() => erase.mutate(customer.id)}
      onClose={onClose}
    >
      <Text size="sm">{en.admin.customers.eraseBody}</Text>
      <TextInput
        mt="sm"
        label={en.admin.customers.typeEmail(customer.email)}
        value={typed}
        onChange={(e) => setTyped(e.currentTarget.value)}
        error={typed && !matches ? en.admin.customers.typeMismatch : undefined}
        data-autofocus
      />
    </ConfirmModal>
  );
}

function ErasedSummary({
  customer,
  counts,
  onClose,
}: {
  customer: Customer;
  counts: CustomerErasure;
  onClose: () => void;
}) {
  const s = en.admin.customers.erased;
  return (
    <Alert color="green" title={s.title(customer.email)} withCloseButton onClose={onClose} role="status">
      <List size="sm">
        <List.Item>{s.tickets(counts.tickets)}</List.Item>
        <List.Item>{s.messages(counts.messages)}</List.Item>
        <List.Item>{s.attachments(counts.attachments)}</List.Item>
        <List.Item>{s.fieldValues(counts.fieldValues)}</List.Item>
        <List.Item>{s.mails(counts.spooledMails, counts.outboundMails)}</List.Item>
      </List>
      <Text size="xs" mt={4}>
        {s.audit} <Anchor href="/admin/audit">{en.admin.sections.audit}</Anchor>
      </Text>
    </Alert>
  );
}
