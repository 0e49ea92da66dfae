import { Alert, Anchor } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useRef } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../api/client';
import type { TicketDetail } from '../api/types';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { useShortcuts } from '../keyboard/shortcuts';
import { useReadMentionsOn } from '../mentions/mentions.api';
import { FALLBACK_POLL_MS, useLiveConnected } from '../realtime/useLiveUpdates';
import { usePresence } from '../realtime/usePresence';
import { PageLoader } from '../ui/PageLoader';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { AuditTrailSection } from './AuditTrail';
import { Composer, ComposerHandle } from './Composer';
import { Conversation } from './Conversation';
import { MailOutBanner } from './MailOutBanner';
import { SidePanel } from './SidePanel';
import { TicketHeader } from './TicketHeader';
import classes from './TicketPage.module.css';
import { ticketQuery, useMarkRead, useUpdateTicket } from './tickets.api';
import { useViewNavigation } from './useViewNavigation';

/** One ticket: conversation, composer, side panel, presence of other agents, moving through the list it came from. */
export default function TicketPage() {
  const id = Number(useParams().id);
  const live = useLiveConnected();
  const ticket = useQuery({ ...ticketQuery(id), refetchInterval: live ? false : FALLBACK_POLL_MS });
  useDocumentTitle(ticket.data && `#${ticket.data.number} ${ticket.data.subject}`);

  if (ticket.isLoading) return <PageLoader />;
  if (ticket.isError || !ticket.data) {
    const notFound = ticket.error instanceof ApiError && ticket.error.status === 404;
    return (
      <Alert color="red" m="md" role="alert">
        {notFound ? en.ticket.notFound : (ticket.error as Error).message}{' '}
        <Anchor component={Link} to="/">
          {en.ticket.back}
        </Anchor>
      </Alert>
    );
  }
  // A fresh workspace per ticket: nothing typed for one ticket is ever sent to the next.
  return <TicketWorkspace key={id} ticket={ticket.data} />;
}

function TicketWorkspace({ ticket: t }: { ticket: TicketDetail }) {
  const { user } = useSession();
  const navigate = useNavigate();
  const { others, setTyping } = usePresence(t.id, user.id);
  const composer = useRef<ComposerHandle>(null);
  const nav = useViewNavigation(t.id);
  const update = useUpdateTicket(t.id);
  useMarkRead(t);
  useReadMentionsOn(t.id);
  const assignToMe = () =>
    update.mutate(
      { assigneeId: user.id },
      { onSuccess: () => notifications.show({ message: `${en.ticket.assignee}: ${user.name}` }) },
    );

  // "Submit and next": on to the list's next ticket, or back to the list after its last.
  const nextOrBack = async () => {
    if (await nav.goNext()) return;
    notifications.show({ message: en.ticket.endOfView });
    navigate(nav.backHref);
  };

  useShortcuts({
    r: () => composer.current?.focus('reply'),
    n: () => composer.current?.focus('note'),
    a: () => t.assigneeId !== user.id && assignToMe(),
    j: () => void nav.goNext(),
    k: () => void nav.goPrev(),
  });

  return (
    <div className={classes.page}>
      <div className={classes.main}>
        <TicketHeader ticket={t} nav={nav} others={others} />
        <Conversation messages={t.messages} myId={user.id} />
        <div className={classes.composer}>
          <MailOutBanner />
          <Composer
            ref={composer}
            ticket={t}
            onTyping={setTyping}
            nextOption={nav.position !== null}
            onSent={({ next }) => next && void nextOrBack()}
          />
        </div>
      </div>
      <div className={classes.side}>
        <SidePanel ticket={t} />
        <AuditTrailSection ticketId={t.id} messages={t.messages} />
      </div>
    </div>
  );
}
