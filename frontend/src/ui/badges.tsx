import { Badge } from '@mantine/core';
import type { TicketPriority, TicketStatus } from '../api/types';
import { en } from '../i18n/en';

const STATUS_COLOR: Record<TicketStatus, string> = {
  new: 'yellow',
  open: 'red',
  pending: 'blue',
  on_hold: 'gray',
  solved: 'teal',
  closed: 'dark',
};
const PRIORITY_COLOR: Record<TicketPriority, string> = { low: 'gray', normal: 'blue', high: 'orange', urgent: 'red' };

export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <Badge size="sm" variant="light" color={STATUS_COLOR[status]} data-status={status}>
      {en.status[status]}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <Badge size="sm" variant="outline" color={PRIORITY_COLOR[priority]}>
      {en.priority[priority]}
    </Badge>
  );
}
