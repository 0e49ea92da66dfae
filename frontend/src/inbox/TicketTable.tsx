import { Loader, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { MouseEvent, useEffect, useRef, useState } from 'react';
import { useNames } from '../api/directory';
import type { Ticket } from '../api/types';
import { en } from '../i18n/en';
import { moveIndex, useShortcuts } from '../keyboard/shortcuts';
import { ticketQuery } from '../tickets/tickets.api';
import type { useSelection } from './selection';
import { TicketRow } from './TicketRow';
import { TicketTableHead, type ColumnSort } from './TicketTableHead';
import classes from './TicketTable.module.css';

/** One line per ticket on a wide screen, two on a phone (TicketTable.module.css). */
const ROW_HEIGHT = { wide: 38, phone: 60 };

interface Props {
  tickets: Ticket[];
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onNeedMore: () => void;
  sort: string;
  order: 'asc' | 'desc';
  onSort: (sort: ColumnSort, order: 'asc' | 'desc') => void;
  selection: ReturnType<typeof useSelection>;
  /** Open a ticket (Enter on the highlighted row). */
  onOpen: (t: Ticket) => void;
  /** A row's link is being followed (the browser opens the ticket). */
  onFollow: () => void;
}

/**
 * A dense, virtualised ticket list: only the rows in view are in the DOM, and the next
 * page loads as the end comes into view, so tens of thousands of rows scroll smoothly.
 */
export function TicketTable({
  tickets,
  loading,
  hasMore,
  loadingMore,
  onNeedMore,
  sort,
  order,
  onSort,
  selection,
  onOpen,
  onFollow,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { userName, groupName } = useNames();
  const qc = useQueryClient();
  // Hovering or moving to a row (j/k) starts loading its ticket, so opening it is instant.
  const prefetch = (id: number) => void qc.prefetchQuery({ ...ticketQuery(id), staleTime: 10_000 });
  const [active, setActive] = useState(-1);
  const phone = useMediaQuery('(max-width: 48em)', false, { getInitialValueInEffect: false });
  const rowHeight = phone ? ROW_HEIGHT.phone : ROW_HEIGHT.wide;
  const virtual = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  useEffect(() => virtual.measure(), [virtual, rowHeight]);
  const items = virtual.getVirtualItems();
  const last = items[items.length - 1];
  const ids = tickets.map((t) => t.id);

  useEffect(() => {
    if (last && last.index >= tickets.length - 10 && hasMore && !loadingMore) onNeedMore();
  }, [last, tickets.length, hasMore, loadingMore, onNeedMore]);
  useEffect(() => {
    if (active >= tickets.length) setActive(tickets.length - 1);
  }, [tickets.length, active]);

  // j/k move the keyboard focus too (to the row's link), so Enter opens it and the focus ring shows where you are.
  const focusActive = useRef(false);
  const move = (delta: number) => {
    const next = moveIndex(active, delta, tickets.length);
    setActive(next);
    if (next >= 0) virtual.scrollToIndex(next, { align: 'auto' });
    focusActive.current = true;
  };
  useEffect(() => {
    if (!focusActive.current || active < 0 || !tickets[active]) return;
    focusActive.current = false;
    scrollRef.current
      ?.querySelector<HTMLElement>(`[data-ticket-id="${tickets[active].id}"] a`)
      ?.focus({ preventScroll: true });
  });
  useShortcuts({
    j: () => move(1),
    k: () => move(-1),
    Enter: () => active >= 0 && tickets[active] && onOpen(tickets[active]),
    x: () => active >= 0 && tickets[active] && selection.toggle(tickets[active].id),
  });

  const onCheck = (e: MouseEvent, id: number) => {
    if (e.shiftKey) selection.extendTo(id, ids);
    else selection.toggle(id);
  };
  const allSelected = ids.length > 0 && ids.every((id) => selection.selected.has(id));

  return (
    <div role="table" aria-label={en.nav.inbox} aria-rowcount={tickets.length + 1} className={classes.table}>
      <TicketTableHead
        sort={sort}
        order={order}
        onSort={onSort}
        allSelected={allSelected}
        someSelected={selection.selected.size > 0}
        onToggleAll={() => selection.toggleAll(ids)}
      />
      <div ref={scrollRef} className={classes.scroll} data-testid="ticket-list">
        {loading && <Loader size="sm" m="md" aria-label={en.app.loading} />}
        {!loading && tickets.length === 0 && (
          <Text c="dimmed" p="md">
            {en.inbox.empty}
          </Text>
        )}
        <div role="rowgroup" style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const t = tickets[vi.index];
            return (
              <TicketRow
                key={t.id}
                ticket={t}
                index={vi.index}
                top={vi.start}
                height={rowHeight}
                active={vi.index === active}
                selected={selection.selected.has(t.id)}
                assignee={userName(t.assigneeId)}
                group={groupName(t.groupId)}
                onCheck={onCheck}
                onFollow={onFollow}
                onIntent={prefetch}
              />
            );
          })}
        </div>
        {loadingMore && (
          <Text size="sm" c="dimmed" p="xs">
            {en.inbox.loadingMore}
          </Text>
        )}
      </div>
    </div>
  );
}
