import { Anchor, Button, Group } from '@mantine/core';
import { post } from '../api/client';
import type { InboundMessage } from '../api/types';
import { en } from '../i18n/en';
import { fullTime, formatBytes } from '../ui/format';
import { MailQueue } from './MailQueue';
import { useAdminMutation } from './shared';

/** The inbound spool: every received message, what became of it, and re-processing. */
export function InboundAdmin() {
  const reprocess = useAdminMutation((id: number) => post(`/api/v1/inbound/${id}/reprocess`), ['admin', 'inbound']);
  return (
    <MailQueue<InboundMessage>
      title={en.admin.sections.inbound}
      queryKey="inbound"
      url="/api/v1/inbound"
      statuses={['received', 'processed', 'rejected']}
      head={[en.admin.from, en.admin.to, en.admin.received, 'Size']}
      cells={(m) => [m.envelopeFrom ?? '', m.envelopeTo.join(', '), fullTime(m.receivedAt), formatBytes(m.size)]}
      action={(m) => (
        <Group gap={4} wrap="nowrap">
          <Anchor size="xs" href={`/api/v1/inbound/${m.id}/raw`}>
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
