import {
  ActionIcon,
  Button,
  CloseButton,
  FileButton,
  Group,
  Menu,
  Modal,
  Paper,
  SegmentedControl,
  Text,
  Textarea,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { forwardRef, useImperativeHandle, useRef, useState } from 'react';
import { useCannedResponses } from '../api/directory';
import { keys } from '../api/keys';
import type { UploadedAttachmentView } from '../api/openapi.gen';
import { TICKET_STATUSES, type Message, type TicketDetail, type TicketStatus } from '../api/types';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { formatBytes } from '../ui/format';
import { PaperclipIcon } from '../ui/icons';
import { newestId } from './collision';
import { placeholderValues, renderPlaceholders } from './placeholders';
import { useSendMessage, useUploadAttachment } from './tickets.api';

export interface ComposerHandle {
  focus(mode: 'reply' | 'note'): void;
}

type Uploaded = Pick<UploadedAttachmentView, 'id' | 'filename' | 'size'>;

/** Who wrote these messages, once each, for the "answered meanwhile" warning. */
const authorNames = (messages: Message[]) =>
  [...new Set(messages.map((m) => m.author.name || m.author.email || en.ticket.system))].join(', ');

/**
 * Public reply or internal note, with attachments, canned responses and "send and set
 * status". Tells the room when the agent is typing, and before sending checks whether
 * someone else answered since the agent started writing.
 */
export const Composer = forwardRef<ComposerHandle, { ticket: TicketDetail; onTyping: (typing: boolean) => void }>(
  function Composer({ ticket, onTyping }, ref) {
    const { user } = useSession();
    const qc = useQueryClient();
    const canned = useCannedResponses();
    const uploadFile = useUploadAttachment();
    const sendMessage = useSendMessage(ticket.id, user.id);
    const [mode, setMode] = useState<'reply' | 'note'>('reply');
    const [body, setBody] = useState('');
    const [files, setFiles] = useState<Uploaded[]>([]);
    const [uploading, setUploading] = useState(0);
    const [collision, setCollision] = useState<{ names: string; status?: TicketStatus } | null>(null);
    const textRef = useRef<HTMLTextAreaElement>(null);
    const seenId = useRef(newestId(ticket.messages));
    const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

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
      setBody(value);
      onTyping(value.trim().length > 0);
      clearTimeout(typingTimer.current);
      typingTimer.current = setTimeout(() => onTyping(false), 5000);
    };

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
      };
      sendMessage.mutate(
        { message, seenId: seenId.current, force },
        {
          onSuccess: (outcome) => {
            if (!outcome.sent) return setCollision({ names: authorNames(outcome.meanwhile), status });
            setBody('');
            setFiles([]);
            onTyping(false);
            clearTimeout(typingTimer.current);
            notifications.show({ message: internal ? en.composer.noteAdded : en.composer.sent });
            seenId.current = newestId(qc.getQueryData<TicketDetail>(keys.ticket(ticket.id))?.messages ?? []);
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
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <Button size="xs" variant="default">
                {en.composer.canned}
              </Button>
            </Menu.Target>
            <Menu.Dropdown mah={300} style={{ overflowY: 'auto' }}>
              {!canned.data?.length && <Menu.Label>{en.composer.noCanned}</Menu.Label>}
              {canned.data?.map((c) => (
                <Menu.Item key={c.id} onClick={() => insertCanned(c.body)}>
                  {c.title}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </Group>
        <Textarea
          ref={textRef}
          id="composer-body"
          aria-label={en.composer.label(internal)}
          placeholder={internal ? en.composer.placeholderNote : en.composer.placeholderReply}
          // A fixed height the agent can drag: autosize measures layout on every render, costly on long tickets.
          rows={5}
          resize="vertical"
          value={body}
          onChange={(e) => change(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') e.currentTarget.blur();
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void send();
          }}
          styles={
            internal
              ? { input: { background: 'light-dark(var(--mantine-color-yellow-0), rgba(250,176,5,0.08))' } }
              : undefined
          }
        />
        {(files.length > 0 || uploading > 0) && (
          <Group gap="xs" mt="xs">
            {files.map((f) => (
              <Paper key={f.id} withBorder px={6} py={2}>
                <Group gap={4} wrap="nowrap">
                  <Text size="xs">
                    {f.filename} ({formatBytes(f.size)})
                  </Text>
                  <CloseButton
                    size="xs"
                    aria-label={en.composer.removeAttachment(f.filename)}
                    onClick={() => setFiles((all) => all.filter((x) => x.id !== f.id))}
                  />
                </Group>
              </Paper>
            ))}
            {uploading > 0 && (
              <Text size="xs" c="dimmed">
                {en.composer.uploading}
              </Text>
            )}
          </Group>
        )}
        <Group justify="space-between" mt="xs" gap="xs">
          <FileButton onChange={(f) => void upload(f)} multiple>
            {(props) => (
              <ActionIcon {...props} variant="default" size="lg" aria-label={en.composer.attach}>
                <PaperclipIcon />
              </ActionIcon>
            )}
          </FileButton>
          <Group gap={0} wrap="nowrap">
            <Button
              onClick={() => void send()}
              loading={sendMessage.isPending}
              disabled={uploading > 0}
              color={internal ? 'yellow' : undefined}
              autoContrast
              style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
            >
              {internal ? en.composer.sendNote : en.composer.send}
            </Button>
            <Menu position="top-end">
              <Menu.Target>
                <Button
                  disabled={sendMessage.isPending || uploading > 0}
                  color={internal ? 'yellow' : undefined}
                  autoContrast
                  px={8}
                  aria-label={en.composer.sendAndSet}
                  style={{
                    borderTopLeftRadius: 0,
                    borderBottomLeftRadius: 0,
                    borderLeft: '1px solid var(--mantine-color-body)',
                  }}
                >
                  ▾
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{en.composer.sendAndSet}</Menu.Label>
                {TICKET_STATUSES.filter((s) => s !== 'new').map((s) => (
                  <Menu.Item key={s} onClick={() => void send(s)}>
                    {en.composer.send} · {en.status[s]}
                  </Menu.Item>
                ))}
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
        <Modal opened={!!collision} onClose={() => setCollision(null)} title={en.composer.collisionTitle}>
          <Text size="sm" mb="md">
            {collision && en.composer.collisionBody(collision.names)}
          </Text>
          <Group justify="flex-end">
            <Button
              variant="default"
              onClick={() => {
                seenId.current = newestId(
                  qc.getQueryData<TicketDetail>(keys.ticket(ticket.id))?.messages ?? ticket.messages,
                );
                setCollision(null);
              }}
            >
              {en.composer.review}
            </Button>
            <Button
              color="red"
              onClick={() => {
                const status = collision?.status;
                setCollision(null);
                void send(status, true);
              }}
            >
              {en.composer.sendAnyway}
            </Button>
          </Group>
        </Modal>
      </Paper>
    );
  },
);
