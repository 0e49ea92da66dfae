import { ActionIcon, FileButton, Group, Paper, SegmentedControl, Text, Textarea } from '@mantine/core';
import { useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { forwardRef, useCallback, useImperativeHandle, useRef, useState } from 'react';
import { useUsers } from '../api/directory';
import { keys } from '../api/keys';
import type { Message, TicketDetail, TicketStatus } from '../api/types';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { PaperclipIcon } from '../ui/icons';
import { AttachmentChips, type Uploaded } from './AttachmentChips';
import { CcField } from './CcField';
import { CollisionDialog } from './CollisionDialog';
import { newestId } from './collision';
import { useDraft } from './drafts';
import { draftFiles } from './drafts.api';
import { LeaveGuard } from './LeaveGuard';
import { useMentionAutocomplete } from './MentionSuggestions';
import { MacroMenu } from './MacroMenu';
import { placeholderValues, renderPlaceholders } from './placeholders';
import { SendControls } from './SendControls';
import { useReplySignature, useSendMessage, useUploadAttachment } from './tickets.api';

export interface ComposerHandle {
  focus(mode: 'reply' | 'note'): void;
}

interface Props {
  ticket: TicketDetail;
  onTyping: (typing: boolean) => void;
  /** After a send; `next`: the agent chose a status and "then next ticket". */
  onSent?: (sent: { status?: TicketStatus; next: boolean }) => void;
  /** Offer "then next ticket" (the ticket was opened from a list). */
  nextOption?: boolean;
}

/** Who wrote these messages, once each, for the "answered meanwhile" warning. */
const authorNames = (messages: Message[]) =>
  [...new Set(messages.map((m) => m.author.name || m.author.email || en.ticket.system))].join(', ');

/**
 * The composer's text once `sent` went out: empty, or what the agent typed after it while it was on
 * its way (kept, never wiped). Text edited inside the sent part is kept whole.
 */
export const afterSending = (now: string, sent: string) =>
  now === sent ? '' : now.startsWith(sent) ? now.slice(sent.length).replace(/^\s+/, '') : now;

/** "Typing" for the room while the agent types, fading 5 s after the last key. */
function useTypingSignal(onTyping: (typing: boolean) => void) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stop = () => {
    clearTimeout(timer.current);
    onTyping(false);
  };
  const typed = (hasText: boolean) => {
    onTyping(hasText);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => onTyping(false), 5000);
  };
  return { typed, stop };
}

/**
 * Public reply or internal note, with attachments, macros and "send and set
 * status". Tells the room when the agent is typing, checks before sending whether someone
 * else answered since the agent started writing, and asks before unsent text is left behind.
 */
export const Composer = forwardRef<ComposerHandle, Props>(function Composer(
  { ticket, onTyping, onSent, nextOption = false },
  ref,
) {
  const { user } = useSession();
  const qc = useQueryClient();
  const uploadFile = useUploadAttachment();
  const sendMessage = useSendMessage(ticket.id, user.id);
  const signature = useReplySignature(ticket.id);
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  const [body, setBody] = useState('');
  // The text as typed, also between a keystroke and the next render (a send finishing reads it).
  const latestBody = useRef('');
  const [files, setFiles] = useState<Uploaded[]>([]);
  // The reply's Cc: null while the agent has not opened it (the ticket's CC stays as it is).
  const [cc, setCc] = useState<string[] | null>(null);
  const [uploading, setUploading] = useState(0);
  const [collision, setCollision] = useState<{ names: string; status?: TicketStatus } | null>(null);
  const [thenNext, setThenNext] = useLocalStorage({ key: 'helpdesk.thenNextTicket', defaultValue: true });
  const textRef = useRef<HTMLTextAreaElement>(null);
  const seenId = useRef(newestId(ticket.messages));
  // What leaving would lose, read when the agent leaves (after a send it is already empty).
  const unsent = useRef(false);
  unsent.current = body.trim().length > 0 || files.length > 0;
  const isDirty = useCallback(() => unsent.current, []);
  const typing = useTypingSignal(onTyping);
  const users = useUsers().data;
  // The server-side draft (drafts.ts): restored on opening, saved as the agent types and on leaving.
  const draft = useDraft(ticket.id, { body, internal: mode === 'note', attachmentIds: files.map((f) => f.id) }, (d) => {
    latestBody.current = d.body;
    setBody(d.body);
    setMode(d.internal ? 'note' : 'reply');
    if (d.attachmentIds.length) void draftFiles(d.attachmentIds).then(setFiles);
  });

  useImperativeHandle(ref, () => ({
    focus(m) {
      setMode(m);
      textRef.current?.focus();
    },
  }));

  const internal = mode === 'note';
  const change = (value: string) => {
    // Starting a new draft: what is on screen now is what the agent has read.
    if (!body.trim() && value.trim()) seenId.current = newestId(ticket.messages);
    latestBody.current = value;
    setBody(value);
    typing.typed(value.trim().length > 0);
  };
  // @-mentions are for internal notes: the agents a note names are told (mail and their mentions inbox).
  const mention = useMentionAutocomplete(internal ? (users ?? []) : [], textRef, change);
  const latestMessages = () => qc.getQueryData<TicketDetail>(keys.ticket(ticket.id))?.messages ?? ticket.messages;

  const upload = async (picked: File[]) => {
    setUploading((n) => n + picked.length);
    for (const file of picked) {
      try {
        const a = await uploadFile.mutateAsync(file);
        setFiles((f) => [...f, { id: a.id, filename: a.filename, size: a.size }]);
      } catch (e) {
        notifications.show({ color: 'red', message: `${file.name}: ${(e as Error).message}` });
      } finally {
        setUploading((n) => n - 1);
      }
    }
  };

  const send = (status?: TicketStatus, force = false) => {
    if (!body.trim()) {
      notifications.show({ color: 'yellow', message: en.composer.empty });
      return;
    }
    const message = {
      body,
      internal,
      ...(status ? { status } : {}),
      ...(files.length ? { attachmentIds: files.map((f) => f.id) } : {}),
      ...(!internal && cc ? { cc } : {}),
      ...(internal && mention.mentions(body).length ? { mentions: mention.mentions(body) } : {}),
    };
    sendMessage.mutate(
      { message, seenId: seenId.current, force },
      {
        onSuccess: (outcome) => {
          if (!outcome.sent) return setCollision({ names: authorNames(outcome.meanwhile), status });
          const rest = afterSending(latestBody.current, message.body);
          latestBody.current = rest;
          unsent.current = rest.trim().length > 0;
          setBody(rest);
          draft.sent();
          const sentFiles = message.attachmentIds ?? [];
          setFiles((all) => all.filter((f) => !sentFiles.includes(f.id)));
          if (!internal) setCc(null);
          typing.stop();
          notifications.show({ message: internal ? en.composer.noteAdded : en.composer.sent });
          seenId.current = newestId(latestMessages());
          onSent?.({ status, next: !!status && nextOption && thenNext });
        },
      },
    );
  };

  const insertCanned = (text: string) => {
    const rendered = renderPlaceholders(text, placeholderValues(ticket, user));
    const el = textRef.current;
    const at = el?.selectionStart ?? body.length;
    change(body.slice(0, at) + rendered + body.slice(el?.selectionEnd ?? at));
    el?.focus();
  };

  return (
    <Paper
      withBorder
      p="sm"
      className="composer"
      data-mode={mode}
      component="section"
      aria-label={en.composer.label(internal)}
    >
      <Group justify="space-between" mb="xs" gap="xs">
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v as 'reply' | 'note')}
          data={[
            { value: 'reply', label: en.ticket.reply },
            { value: 'note', label: en.ticket.note },
          ]}
          aria-label={en.composer.label(internal)}
        />
        {/* Macros (canned responses are macros with only a reply): the reply lands here as a draft. */}
        <MacroMenu ticketId={ticket.id} onReplyText={insertCanned} />
      </Group>
      <Textarea
        ref={textRef}
        id="composer-body"
        aria-label={en.composer.label(internal)}
        placeholder={internal ? en.composer.placeholderNote : en.composer.placeholderReply}
        // A fixed height the agent can drag: autosize measures layout on every render, costly on long tickets.
        rows={4}
        resize="vertical"
        value={body}
        onChange={(e) => {
          change(e.currentTarget.value);
          mention.track();
        }}
        onClick={mention.track}
        {...mention.aria}
        onKeyDown={(e) => {
          if (mention.onKeyDown(e)) return;
          if (e.key === 'Escape') e.currentTarget.blur();
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
        }}
        styles={
          internal
            ? { input: { background: 'light-dark(var(--mantine-color-yellow-0), rgba(250,176,5,0.08))' } }
            : undefined
        }
      />
      {!internal && signature.data?.text && (
        // What the mail adds below the reply (the API renders it as the outbox will).
        <Text size="xs" c="dimmed" mt={4} style={{ whiteSpace: 'pre-wrap' }} data-testid="reply-signature">
          {en.composer.signature}:{'\n'}
          {signature.data.text}
        </Text>
      )}
      {mention.popup}
      {!internal && <CcField ticket={ticket} value={cc} onChange={setCc} />}
      <AttachmentChips
        files={files}
        uploading={uploading}
        onRemove={(id) => setFiles((all) => all.filter((x) => x.id !== id))}
      />
      <Group justify="space-between" mt="xs" gap="xs" wrap="nowrap">
        <FileButton onChange={(f) => void upload(f)} multiple>
          {(props) => (
            <ActionIcon {...props} variant="default" size="lg" aria-label={en.composer.attach}>
              <PaperclipIcon />
            </ActionIcon>
          )}
        </FileButton>
        <SendControls
          internal={internal}
          sending={sendMessage.isPending}
          disabled={uploading > 0}
          onSend={(status) => send(status)}
          next={nextOption ? { on: thenNext, set: setThenNext } : undefined}
        />
      </Group>
      <CollisionDialog
        names={collision?.names ?? null}
        onReview={() => {
          seenId.current = newestId(latestMessages());
          setCollision(null);
        }}
        onSendAnyway={() => {
          const status = collision?.status;
          setCollision(null);
          send(status, true);
        }}
      />
      <LeaveGuard isDirty={isDirty} />
    </Paper>
  );
});
