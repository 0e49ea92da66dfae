import { Button } from '@mantine/core';
import { post } from '../api/client';
import type { OutboundMessage } from '../api/types';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { MailQueue } from './MailQueue';
import { useAdminMutation } from './shared';

/** Mail going out: delivery status per message and retry for what failed or is held. */
export function OutboxAdmin() {
  const retry = useAdminMutation((id: number) => post(`/api/v1/outbound/${id}/retry`), ['admin', 'outbound']);
  return (
    <MailQueue<OutboundMessage>
      title={en.admin.sections.outbox}
      queryKey="outbound"
      url="/api/v1/outbound"
      statuses={['queued', 'sending', 'sent', 'failed', 'held']}
      head={[en.admin.to, en.admin.subject, 'Updated']}
      cells={(m) => [m.to.join(', '), m.subject, fullTime(m.updatedAt)]}
      action={(m) =>
        m.status === 'failed' || m.status === 'held' ? (
          <Button size="compact-xs" variant="subtle" onClick={() => retry.mutate(m.id)}>
            {en.admin.retry}
          </Button>
        ) : null
      }
    />
  );
}
