import { Badge, Button, Code, Group, Popover, ScrollArea, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { en } from '../i18n/en';
import { useApplyMacro, useMacroPreview, useMacros } from './macros.api';

/** Case-insensitive match of every word typed, in title or reply. */
export function filterMacros<M extends { title: string; replyText: string | null }>(macros: M[], q: string): M[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  return macros.filter((m) => words.every((w) => `${m.title} ${m.replyText ?? ''}`.toLowerCase().includes(w)));
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') || '—' : v === null || v === undefined ? '—' : String(v));

/**
 * The composer's macro menu: type to search, arrows and Enter to pick, a preview of what the
 * macro does, then Apply. Applying runs its actions on the server and hands its reply text to
 * `onReplyText` (the composer drafts it; nothing is sent).
 */
export function MacroMenu({ ticketId, onReplyText }: { ticketId: number; onReplyText: (text: string) => void }) {
  const macros = useMacros();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<number | null>(null);
  const preview = useMacroPreview(ticketId, picked);
  const apply = useApplyMacro(ticketId);
  const list = filterMacros(macros.data ?? [], q);
  const chosen = list.find((m) => m.id === picked) ?? null;

  const close = () => {
    setOpen(false);
    setPicked(null);
    setQ('');
  };
  const run = (id: number) =>
    apply.mutate(id, {
      onSuccess: (r) => {
        if (r.replyText) onReplyText(r.replyText);
        notifications.show({ message: en.rules.applied((macros.data ?? []).find((m) => m.id === id)?.title ?? '') });
        close();
      },
    });

  return (
    <Popover
      opened={open}
      onChange={(o) => (o ? setOpen(true) : close())}
      position="bottom-end"
      width={380}
      withinPortal
      trapFocus
    >
      <Popover.Target>
        <Button size="xs" variant="default" onClick={() => (open ? close() : setOpen(true))} aria-haspopup="dialog">
          {en.rules.macros}
        </Button>
      </Popover.Target>
      <Popover.Dropdown aria-label={en.rules.macros}>
        {picked === null ? (
          <Stack gap={6}>
            <TextInput
              size="xs"
              autoFocus
              placeholder={en.rules.macroSearch}
              aria-label={en.rules.macroSearch}
              value={q}
              onChange={(e) => {
                setQ(e.currentTarget.value);
                setActive(0);
              }}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, list.length - 1));
                else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
                else if (e.key === 'Enter' && list[active]) setPicked(list[active].id);
                else if (e.key === 'Escape') close();
                else return;
                e.preventDefault();
              }}
            />
            <ScrollArea.Autosize mah={260}>
              <Stack gap={2} role="listbox" aria-label={en.rules.macros}>
                {!list.length && (
                  <Text size="xs" c="dimmed">
                    {en.rules.noMacros}
                  </Text>
                )}
                {list.map((m, i) => (
                  <UnstyledButton
                    key={m.id}
                    role="option"
                    aria-selected={i === active}
                    onClick={() => setPicked(m.id)}
                    onMouseEnter={() => setActive(i)}
                    px={6}
                    py={4}
                    style={{
                      borderRadius: 4,
                      background: i === active ? 'var(--mantine-color-default-hover)' : undefined,
                    }}
                  >
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" truncate>
                        {m.title}
                      </Text>
                      {!m.shared && (
                        <Badge size="xs" variant="light">
                          personal
                        </Badge>
                      )}
                    </Group>
                  </UnstyledButton>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Stack>
        ) : (
          <Stack gap={6} data-testid="macro-preview">
            <Text fw={600} size="sm">
              {chosen?.title}
            </Text>
            <Text size="xs" c="dimmed">
              {en.rules.preview}
            </Text>
            {preview.data && (
              <>
                {!preview.data.changes.length && !preview.data.effects.length && (
                  <Text size="xs">{en.rules.noChanges}</Text>
                )}
                {preview.data.changes.map((c) => (
                  <Text size="xs" key={c.field}>
                    {c.field}: {show(c.before)} → {show(c.after)}
                  </Text>
                ))}
                {preview.data.effects.map((e) => (
                  <Text size="xs" key={e}>
                    {e}
                  </Text>
                ))}
                {preview.data.replyText && (
                  <Code block fz="xs">
                    {preview.data.replyText}
                  </Code>
                )}
              </>
            )}
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setPicked(null)}>
                {en.admin.cancel}
              </Button>
              <Button size="xs" autoFocus loading={apply.isPending} onClick={() => run(picked)}>
                {en.rules.apply}
              </Button>
            </Group>
          </Stack>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
