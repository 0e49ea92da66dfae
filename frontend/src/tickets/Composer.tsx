import { ActionIcon, FileButton, Group, Paper, SegmentedControl, Text } from '@mantine/core';
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
import { RichTextEditor, type RichContent, type RichTextHandle } from './RichTextEditor';
import { SendControls } from './SendControls';
import { useReplySignature, useSendMessage, useUploadAttachment, useUploadInlineImage } from './tickets.api';

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
 * Public reply or internal note, in rich text (RichTextEditor: sent as `body`, its text, and
 * `bodyHtml` when formatting or images make the text say less), with attachments, macros and
 * "send and set status". Tells the room when the agent is typing, checks before sending whether someone
 * else answered since the agent started writing, and asks before unsent text is left behind.
 */
export const Composer = forwardRef<ComposerHandle, Props>(function Composer(
  { ticket, onTyping, onSent, nextOption = false },
  ref,
) {
  const { user } = useSession();
  const qc = useQueryClient();
  const uploadFile = useUploadAttachment();
  const uploadImage = useUploadInlineImage();
  const sendMessage = useSendMessage(ticket.id, user.id);
  const signature = useReplySignature(ticket.id);
  const [mode, setMode] = useState<'reply' | 'note'>('reply');
  // The text (the reply's text alternative) and, when formatting says more than it, the HTML.
  const [body, setBody] = useState('');
  const [bodyHtml, setBodyHtml] = useState<string | null>(null);
  // The text as typed, also between a keystroke and the next render (a send finishing reads it).
  const latestBody = useRef('');
  const [files, setFiles] = useState<Uploaded[]>([]);
  // The reply's Cc: null while the agent has not opened it (the ticket's CC stays as it is).
  const [cc, setCc] = useState<string[] | null>(null);
  const [uploading, setUploading] = useState(0);
  const [collision, setCollision] = useState<{ names: string; status?: TicketStatus } | null>(null);
  const [thenNext, setThenNext] = useLocalStorage({ key: 'helpdesk.thenNextTicket', defaultValue: true });
  const editorRef = useRef<RichTextHandle>(null);
  const seenId = useRef(newestId(ticket.messages));
  // What leaving would lose, read when the agent leaves (after a send it is already empty).
  const unsent = useRef(false);
  unsent.current = body.trim().length > 0 || files.length > 0;
  const isDirty = useCallback(() => unsent.current, []);
  const typing = useTypingSignal(onTyping);
  const users = useUsers().data;
  // The server-side draft (drafts.ts): restored on opening, saved as the agent types and on leaving.
  const draft = useDraft(
    ticket.id,
    {
      body,
      bodyHtml,
      internal: mode === 'note',
      attachmentIds: files.map((f) => f.id),
      ...(cc ? { cc } : {}),
    },
    (d) => {
      // The editor reports the restored document back through `change` (body and bodyHtml).
      editorRef.current?.setContent({ text: d.body, html: d.bodyHtml });
      setMode(d.internal ? 'note' : 'reply');
      if (d.cc.length) setCc(d.cc);
      if (d.attachmentIds.length) void draftFiles(d.attachmentIds).then(setFiles);
    },
  );

  useImperativeHandle(ref, () => ({
    focus(m) {
      setMode(m);
      editorRef.current?.focus();
    },
  }));

  const internal = mode === 'note';
  const change = ({ text, html }: RichContent) => {
    // Starting a new draft: what is on screen now is what the agent has read.
    if (!body.trim() && text.trim()) seenId.current = newestId(ticket.messages);
    latestBody.current = text;
    setBody(text);
    setBodyHtml(html);
    typing.typed(text.trim().length > 0);
  };
  // @-mentions are for internal notes: the agents a note names are told (mail and their mentions inbox).
  const mention = useMentionAutocomplete(internal ? (users ?? []) : [], editorRef);
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

  /** A pasted or dropped image, uploaded as an inline image: its URL for the editor's `<img>`. */
  const uploadInline = async (file: File): Promise<string | null> => {
    setUploading((n) => n + 1);
    try {
      return (await uploadImage.mutateAsync(file)).url;
    } catch (e) {
      notifications.show({ color: 'red', message: `${en.editor.imageFailed(file.name)}: ${(e as Error).message}` });
      return null;
    } finally {
      setUploading((n) => n - 1);
    }
  };

  const send = (status?: TicketStatus, force = false) => {
    if (!body.trim()) {
      notifications.show({ color: 'yellow', message: en.composer.empty });
      return;
    }
    // What is being sent, to keep only what the agent types while it is on its way.
    const sent = editorRef.current?.snapshot();
    const message = {
      body,
      ...(bodyHtml ? { bodyHtml } : {}),
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
          // Empties the editor, or keeps what was typed meanwhile (its change updates body and bodyHtml).
          if (sent) editorRef.current?.afterSending(sent);
          unsent.current = latestBody.current.trim().length > 0;
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
    editorRef.current?.insertText(renderPlaceholders(text, placeholderValues(ticket, user)));
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
      <RichTextEditor
        ref={editorRef}
        id="composer-body"
        label={en.composer.label(internal)}
        placeholder={internal ? en.composer.placeholderNote : en.composer.placeholderReply}
        onChange={change}
        onCaret={mention.track}
        aria={mention.aria}
        onKeyDown={(e) => {
          if (mention.onKeyDown(e)) return true;
          if (e.key === 'Escape') {
            (e.target as HTMLElement).blur();
            return true;
          }
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
            return true;
          }
          return false;
        }}
        uploadImage={uploadInline}
        tone={internal ? 'note' : undefined}
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
