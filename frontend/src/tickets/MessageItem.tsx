import {
  Anchor,
  Badge,
  Button,
  Group,
  Image,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Tooltip,
  useComputedColorScheme,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useRetryOutbound } from '../admin/api/mail-queue';
import type { Attachment, Message } from '../api/types';
import { en } from '../i18n/en';
import { formatBytes, fullTime, relativeTime } from '../ui/format';
import { PaperclipIcon } from '../ui/icons';
import classes from './Conversation.module.css';
import { ForwardButton } from './ForwardDialog';
import { withRemoteImages } from './remote-images';
import { SandboxedHtml } from './SandboxedHtml';
import { SplitMessageButton } from './SplitMessageButton';

export type MessageKind = 'customer' | 'reply' | 'note' | 'system';
export const messageKind = (m: Message): MessageKind =>
  m.internal ? 'note' : m.author.type === 'customer' ? 'customer' : m.author.type === 'user' ? 'reply' : 'system';
const KIND_LABEL: Record<MessageKind, string> = {
  customer: en.ticket.customer,
  reply: en.ticket.reply,
  note: en.ticket.note,
  system: en.ticket.system,
};
const DELIVERY_COLOR = { queued: 'gray', sending: 'blue', sent: 'teal', failed: 'red', held: 'orange' } as const;
const PREVIEWABLE = /^image\/(png|jpeg|gif|webp)$/i;

/**
 * One message: who and what kind (customer mail, public reply, internal note are
 * coloured apart), the new text with quoted history folded away, attachments, and for
 * emailed replies their delivery status.
 */
export function MessageItem({ message }: { message: Message }) {
  const kind = messageKind(message);
  const dark = useComputedColorScheme('light') === 'dark';
  const [expanded, setExpanded] = useState(false);
  // Remote images stay blocked until asked for, per message; then they come through the api.
  const [imagesLoaded, setImagesLoaded] = useState(false);
  const hasQuote = message.fullText !== null && message.fullText !== message.bodyText;
  // Formatted mail is shown whole (in its frame) when there is no quote to fold, or when unfolded.
  const showHtml = !!message.bodyHtml && (!hasQuote || expanded);
  const author = message.author.name || message.author.email || en.ticket.system;
  // Inline images are in the HTML when it is shown; listed as files only when the text is.
  const files = showHtml ? message.attachments.filter((a) => !a.inline) : message.attachments;

  return (
    <Paper
      component="article"
      className={classes.message}
      data-kind={kind}
      data-message-id={message.id}
      withBorder
      p="sm"
      aria-label={`${KIND_LABEL[kind]}: ${author}`}
    >
      <Group justify="space-between" gap="xs" mb={6} wrap="nowrap">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          <Text fw={600} size="sm" truncate>
            {author}
          </Text>
          <Badge
            size="xs"
            variant={kind === 'note' ? 'filled' : 'light'}
            autoContrast
            color={kind === 'note' ? 'yellow' : kind === 'reply' ? 'teal' : 'gray'}
            className={classes.kindBadge}
          >
            {KIND_LABEL[kind]}
          </Badge>
          {message.delivery && <DeliveryBadge message={message} />}
        </Group>
        <Group gap={4} wrap="nowrap">
          {!message.forwardedTo && message.author.type !== 'system' && <ForwardButton message={message} />}
          {!message.internal && <SplitMessageButton message={message} />}
          <Text
            size="xs"
            c="dimmed"
            component="time"
            dateTime={message.createdAt}
            title={fullTime(message.createdAt)}
            style={{ whiteSpace: 'nowrap' }}
          >
            {relativeTime(message.createdAt)}
          </Text>
        </Group>
      </Group>
      {message.forwardedTo && (
        <Text size="xs" fw={600} mb={4} data-testid="forwarded-to">
          {en.ccForward.forwardedTo(message.forwardedTo)}
        </Text>
      )}
      {message.cc.length > 0 && (
        <Text size="xs" mb={4} data-testid="message-cc">
          {en.ccForward.ccLine(message.cc)}
        </Text>
      )}
      {showHtml && message.remoteImages > 0 && !imagesLoaded && (
        <Group gap="xs" mb={4}>
          <Text size="xs" c="dimmed">
            {en.ticket.remoteImagesBlocked}
          </Text>
          <Button variant="light" size="compact-xs" onClick={() => setImagesLoaded(true)}>
            {en.ticket.loadImages(message.remoteImages)}
          </Button>
        </Group>
      )}
      {showHtml ? (
        <SandboxedHtml
          html={imagesLoaded ? withRemoteImages(message.bodyHtml!, message.ticketId, message.id) : message.bodyHtml!}
          title={`${en.ticket.conversation}: ${author}`}
          dark={dark}
        />
      ) : (
        <div className={classes.text}>{expanded && hasQuote ? message.fullText : message.bodyText}</div>
      )}
      {hasQuote && (
        <Button
          variant="subtle"
          size="compact-xs"
          mt={4}
          onClick={() => setExpanded((e) => !e)}
          aria-expanded={expanded}
        >
          {expanded ? en.ticket.hideQuoted : en.ticket.showQuoted}
        </Button>
      )}
      {files.length > 0 && <Attachments items={files} />}
    </Paper>
  );
}

function Attachments({ items }: { items: Attachment[] }) {
  return (
    <Stack gap={6} mt="xs" aria-label={en.ticket.attachments} role="group">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
        {items
          .filter((a) => PREVIEWABLE.test(a.contentType))
          .map((a) => (
            <Anchor key={a.id} href={a.url} target="_blank" rel="noreferrer">
              <Image
                src={a.url}
                alt={a.filename}
                h={96}
                fit="contain"
                radius="sm"
                loading="lazy"
                bg="var(--mantine-color-default-hover)"
              />
            </Anchor>
          ))}
      </SimpleGrid>
      <Group gap="xs">
        {items.map((a) => (
          <Anchor
            key={a.id}
            href={a.url}
            download={a.filename}
            size="sm"
            className={classes.attachment}
            aria-label={`${en.ticket.download} ${a.filename} (${formatBytes(a.size)})`}
          >
            <PaperclipIcon size={12} /> {a.filename}{' '}
            <Text span size="xs" c="dimmed">
              ({formatBytes(a.size)})
            </Text>
          </Anchor>
        ))}
      </Group>
    </Stack>
  );
}

function DeliveryBadge({ message }: { message: Message }) {
  const d = message.delivery!;
  const retry = useRetryOutbound();
  const retryDelivery = () =>
    retry.mutate(d.outboundId, { onSuccess: () => notifications.show({ message: en.ticket.retried }) });
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label={d.reason ?? `${d.attempts}×`} disabled={!d.reason && !d.attempts}>
        <Badge size="xs" variant="dot" color={DELIVERY_COLOR[d.status]} data-testid="delivery-status">
          {en.ticket.delivery[d.status]}
        </Badge>
      </Tooltip>
      {d.status === 'failed' && (
        <Button size="compact-xs" variant="light" color="red" onClick={retryDelivery} loading={retry.isPending}>
          {en.ticket.retry}
        </Button>
      )}
    </Group>
  );
}
