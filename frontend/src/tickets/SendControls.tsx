import { Button, Checkbox, Group, Menu } from '@mantine/core';
import { TICKET_STATUSES, type TicketStatus } from '../api/types';
import { en } from '../i18n/en';

/**
 * Send (or add the note), and "send and set status" in a menu beside it. Where the ticket was
 * opened from a list, "then next ticket" makes the status choices move on to the list's next
 * ticket once sent ("submit and next").
 */
export function SendControls({
  internal,
  sending,
  disabled,
  onSend,
  next,
}: {
  internal: boolean;
  sending: boolean;
  disabled: boolean;
  onSend: (status?: TicketStatus) => void;
  /** The "then next ticket" choice; absent when the ticket was not opened from a list. */
  next?: { on: boolean; set: (on: boolean) => void };
}) {
  const color = internal ? 'yellow' : undefined;
  return (
    <Group gap="sm" wrap="nowrap">
      {next && (
        <Checkbox
          size="xs"
          label={en.composer.thenNext}
          checked={next.on}
          onChange={(e) => next.set(e.currentTarget.checked)}
        />
      )}
      <Group gap={0} wrap="nowrap">
        <Button
          onClick={() => onSend()}
          loading={sending}
          disabled={disabled}
          color={color}
          autoContrast
          style={{ borderTopRightRadius: 0, borderBottomRightRadius: 0 }}
        >
          {internal ? en.composer.sendNote : en.composer.send}
        </Button>
        <Menu position="top-end">
          <Menu.Target>
            <Button
              disabled={sending || disabled}
              color={color}
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
              <Menu.Item key={s} onClick={() => onSend(s)}>
                {en.composer.sendAs(en.status[s], !!next?.on)}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Group>
  );
}
