import { Badge, Box, Tabs, Title } from '@mantine/core';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { AuditLogAdmin } from './AuditLogAdmin';
import { CustomersAdmin } from './CustomersAdmin';
import { FieldsAdmin } from './FieldsAdmin';
import { DeletedTicketsAdmin } from './DeletedTicketsAdmin';
import { GroupsAdmin } from './GroupsAdmin';
import { useFailedInboundCount } from './api/mail-queue';
import { InboundAdmin } from './InboundAdmin';
import { LicenceAdmin } from './LicenceAdmin';
import { MacrosAdmin } from './MacrosAdmin';
import { MailboxesAdmin } from './MailboxesAdmin';
import { OutboxAdmin } from './OutboxAdmin';
import { RelayAdmin } from './RelayAdmin';
import { AutomationsAdmin, TriggersAdmin } from './RulesAdmin';
import { SetupChecklist } from './SetupChecklist';
import { SignInAdmin } from './SignInAdmin';
import { TemplatesAdmin } from './TemplatesAdmin';
import { TicketFormsAdmin } from './TicketFormsAdmin';
import { TokensAdmin } from './TokensAdmin';
import { UsersAdmin } from './UsersAdmin';
import { WebhooksAdmin } from './WebhooksAdmin';
import { useDocumentTitle } from '../ui/useDocumentTitle';

const SECTIONS = [
  ['users', en.admin.sections.users, UsersAdmin],
  ['groups', en.admin.sections.groups, GroupsAdmin],
  ['fields', en.admin.sections.fields, FieldsAdmin],
  ['forms', en.admin.sections.forms, TicketFormsAdmin],
  ['sign-in', en.admin.sections.signIn, SignInAdmin],
  ['mailboxes', en.admin.sections.mailboxes, MailboxesAdmin],
  ['relay', en.admin.sections.relay, RelayAdmin],
  ['templates', en.admin.sections.templates, TemplatesAdmin],
  ['triggers', en.admin.sections.triggers, TriggersAdmin],
  ['automations', en.admin.sections.automations, AutomationsAdmin],
  ['macros', en.admin.sections.macros, MacrosAdmin],
  ['webhooks', en.admin.sections.webhooks, WebhooksAdmin],
  ['tokens', en.admin.sections.tokens, TokensAdmin],
  ['inbound', en.admin.sections.inbound, InboundAdmin],
  ['outbox', en.admin.sections.outbox, OutboxAdmin],
  ['customers', en.admin.sections.customers, CustomersAdmin],
  ['licence', en.admin.sections.licence, LicenceAdmin],
  ['audit', en.admin.sections.audit, AuditLogAdmin],
  ['deleted-tickets', en.admin.sections.deletedTickets, DeletedTicketsAdmin],
] as const;

/** Admin settings, one tab per area; loaded on demand so agents never download it. */
export default function AdminArea() {
  const { user } = useSession();
  const navigate = useNavigate();
  const section = useLocation().pathname.split('/')[2] ?? '';
  useDocumentTitle(SECTIONS.find(([key]) => key === section)?.[1], en.admin.title);
  if (user.role !== 'admin') return <Navigate to="/" replace />;
  return (
    <Box p="md">
      <Title order={1} size="h3" mb="sm">
        {en.admin.title}
      </Title>
      <SetupChecklist />
      <Tabs value={section || 'users'} onChange={(v) => v && navigate(`/admin/${v}`)} keepMounted={false}>
        <Tabs.List mb="md" style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
          {SECTIONS.map(([key, label]) => (
            <Tabs.Tab key={key} value={key} rightSection={key === 'inbound' ? <FailedInboundBadge /> : undefined}>
              {label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <Routes>
        <Route index element={<Navigate to="users" replace />} />
        {SECTIONS.map(([key, , Component]) => (
          <Route key={key} path={key} element={<Component />} />
        ))}
      </Routes>
    </Box>
  );
}

/** Red count of received messages processing gave up on; nothing when there are none. */
function FailedInboundBadge() {
  const failed = useFailedInboundCount().data;
  if (!failed?.count) return null;
  const count = `${failed.count}${failed.more ? '+' : ''}`;
  return (
    <Badge size="sm" color="red" circle={count.length < 3} aria-label={en.admin.failedInbound(count)}>
      {count}
    </Badge>
  );
}
