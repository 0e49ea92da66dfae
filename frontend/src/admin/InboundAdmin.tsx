import { Anchor, Button, Group } from '@mantine/core';
import type { InboundMessage } from '../api/types';
import type { InboundStatus } from '../api/openapi.gen';
import { en } from '../i18n/en';
import { fullTime, formatBytes } from '../ui/format';
import { inboundQuery, rawMessageUrl, useReprocessInbound } from './api/mail-queue';
import { MailQueue } from './MailQueue';

/** The inbound spool: every received message, what became of it, and re-processing. */
export function InboundAdmin() {
  const reprocess = useReprocessInbound();
  return (
    <MailQueue<InboundMessage, InboundStatus>
      title={en.admin.sections.inbound}
      query={inboundQuery}
      statuses={['received', 'processed', 'rejected', 'failed']}
      head={[en.admin.subject, en.admin.from, en.admin.to, en.admin.received, 'Size']}
      cells={(m) => [
        m.subject ?? en.admin.noSubject,
        m.envelopeFrom ?? '',
        m.envelopeTo.join(', '),
        fullTime(m.receivedAt),
        formatBytes(m.size),
      ]}
      action={(m) => (
        <Group gap={4} wrap="nowrap">
          <Anchor size="xs" href={rawMessageUrl(m.id)}>
            {en.admin.raw}
          </Anchor>
          <Button size="compact-xs" variant="subtle" onClick={() => reprocess.mutate(m.id)}>
            {en.admin.reprocess}
          </Button>
        </Group>
      )}
    />
  );
}
