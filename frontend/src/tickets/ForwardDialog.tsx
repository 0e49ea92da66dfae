import { Button, Checkbox, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Message, TicketDetail } from '../api/types';
import { en } from '../i18n/en';
import { relativeTime } from '../ui/format';
import { AddressInput } from './CcField';
import { ticketQuery, useForward } from './tickets.api';

const authorOf = (m: Message) => m.author.name || m.author.email || en.ticket.system;
const excerpt = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

/**
 * Forwards messages of the ticket to a third party (a vendor): to, cc, the agent's text and
 * which messages to quote (each with its attachments listed, sent with it). Sends through
 * `POST /tickets/{id}/forward`; the forward shows in the conversation as an internal message.
 */
export function ForwardDialog({
  ticket,
  messageIds,
  onClose,
}: {
  ticket: TicketDetail;
  /** The messages checked at first. */
  messageIds: number[];
  onClose: () => void;
}) {
  const forward = useForward(ticket.id);
  const [to, setTo] = useState<string[]>([]);
  const [cc, setCc] = useState<string[]>([]);
  const [body, setBody] = useState('');
  const [chosen, setChosen] = useState<number[]>(messageIds);
  const [error, setError] = useState<string | null>(null);
  // Forwards are not forwarded again: they are the agents' record, not the conversation.
  const candidates = ticket.messages.filter((m) => !m.forwardedTo);

  const send = () => {
    if (!to.length) return setError(en.ccForward.needTo);
    forward.mutate(
      {
        to,
        ...(cc.length ? { cc } : {}),
        body,
        messageIds: candidates.filter((m) => chosen.includes(m.id)).map((m) => m.id),
      },
      {
        onSuccess: () => {
          notifications.show({ message: en.ccForward.sent });
          onClose();
        },
      },
    );
  };

  return (
    <Modal opened onClose={onClose} title={en.ccForward.title(ticket.number)} size="lg">
      <Stack gap="sm">
        <AddressInput
          label={en.ccForward.to}
          description={en.ccForward.toHint}
          value={to}
          onChange={(next) => {
            setTo(next);
            setError(null);
          }}
          autoFocus
          required
        />
        {error && (
          <Text size="sm" c="red" role="alert">
            {error}
          </Text>
        )}
        <AddressInput label={en.ccForward.cc} value={cc} onChange={setCc} />
        <Textarea
          label={en.ccForward.text}
          placeholder={en.ccForward.textPlaceholder}
          rows={4}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
        <Checkbox.Group
          label={en.ccForward.include}
          description={en.ccForward.includeHint}
          value={chosen.map(String)}
          onChange={(v) => setChosen(v.map(Number))}
        >
          <Stack gap={6} mt={6} mah={240} style={{ overflowY: 'auto' }}>
            {candidates.map((m) => (
              <Checkbox
                key={m.id}
                value={String(m.id)}
                label={`${authorOf(m)} · ${relativeTime(m.createdAt)}: ${excerpt(m.bodyText)}`}
                description={
                  m.attachments.some((a) => !a.inline)
                    ? en.ccForward.attached(m.attachments.filter((a) => !a.inline).map((a) => a.filename))
                    : undefined
                }
              />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {en.ccForward.cancel}
          </Button>
          <Button onClick={send} loading={forward.isPending}>
            {en.ccForward.send}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The ticket as the page has it cached (the dialog opens on the ticket page only). */
function ForwardFromCache({ ticketId, ...rest }: { ticketId: number; messageIds: number[]; onClose: () => void }) {
  const ticket = useQuery(ticketQuery(ticketId)).data;
  return ticket ? <ForwardDialog ticket={ticket} {...rest} /> : null;
}

/** "Forward" on one message: opens the dialog with that message checked. */
export function ForwardButton({ message }: { message: Message }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="subtle"
        size="compact-xs"
        aria-label={en.ccForward.forwardMessage(authorOf(message))}
        onClick={() => setOpen(true)}
      >
        {en.ccForward.forward}
      </Button>
      {open && (
        <ForwardFromCache ticketId={message.ticketId} messageIds={[message.id]} onClose={() => setOpen(false)} />
      )}
    </>
  );
}
