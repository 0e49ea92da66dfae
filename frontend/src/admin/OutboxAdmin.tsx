import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { OutboundMessage } from '../api/types';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import type { OutboundStatus } from '../api/openapi.gen';
import { outboundQuery, useRetryOutbound } from './api/mail-queue';
import { MailQueue } from './MailQueue';

/** Mail going out: delivery status per message and retry for what failed or is held. */
export function OutboxAdmin() {
  const retry = useRetryOutbound();
  return (
    <MailQueue<OutboundMessage, OutboundStatus>
      title={en.admin.sections.outbox}
      query={outboundQuery}
      statuses={['queued', 'sending', 'sent', 'failed', 'held']}
      head={[en.admin.to, en.admin.subject, 'Updated']}
      cells={(m) => [m.to.join(', '), m.subject, fullTime(m.updatedAt)]}
      action={(m) =>
        m.status === 'failed' || m.status === 'held' ? (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => retry.mutate(m.id, { onSuccess: () => notifications.show({ message: en.admin.saved }) })}
          >
            {en.admin.retry}
          </Button>
        ) : null
      }
    />
  );
}
