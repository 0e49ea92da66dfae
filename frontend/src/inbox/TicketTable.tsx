import { Checkbox, Loader, Text, UnstyledButton } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { MouseEvent, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useNames } from '../api/directory';
import type { Ticket } from '../api/types';
import { en } from '../i18n/en';
import { moveIndex, useShortcuts } from '../keyboard/shortcuts';
import { ticketQuery } from '../tickets/tickets.api';
import { PriorityBadge, StatusBadge } from '../ui/badges';
import { fullTime, relativeTime } from '../ui/format';
import type { useSelection } from './selection';
import classes from './TicketTable.module.css';

const ROW_HEIGHT = 38;
type Sort = 'updatedAt' | 'createdAt' | 'priority';

interface Props {
  tickets: Ticket[];
  loading: boolean;
  hasMore: boolean;
  loadingMore: boolean;
  onNeedMore: () => void;
  sort: string;
  order: 'asc' | 'desc';
  onSort: (sort: Sort, order: 'asc' | 'desc') => void;
  selection: ReturnType<typeof useSelection>;
  onOpen: (t: Ticket) => void;
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
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const { userName, groupName } = useNames();
  const qc = useQueryClient();
  // Hovering or moving to a row (j/k) starts loading its ticket, so opening it is instant.
  const prefetch = (id: number) => void qc.prefetchQuery({ ...ticketQuery(id), staleTime: 10_000 });
  const [active, setActive] = useState(-1);
  const virtual = useVirtualizer({
    count: tickets.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
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

  const header = (label: string, key?: Sort) => {
    if (!key) return <div role="columnheader">{label}</div>;
    const isSorted = sort === key;
    return (
      <div role="columnheader" aria-sort={isSorted ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <UnstyledButton
          className={classes.sortButton}
          onClick={() => onSort(key, isSorted && order === 'desc' ? 'asc' : 'desc')}
        >
          {label}
          <span aria-hidden>{isSorted ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
        </UnstyledButton>
      </div>
    );
  };

  return (
    <div role="table" aria-label={en.nav.inbox} aria-rowcount={tickets.length + 1} className={classes.table}>
      <div role="rowgroup">
        <div role="row" className={`${classes.row} ${classes.head}`}>
          <div role="columnheader" className={classes.check}>
            <Checkbox
              size="xs"
              aria-label={en.inbox.selectAll}
              checked={allSelected}
              indeterminate={!allSelected && selection.selected.size > 0}
              onChange={() => selection.toggleAll(ids)}
            />
          </div>
          {header(en.inbox.columns.number, 'createdAt')}
          {header(en.inbox.columns.subject)}
          {header(en.inbox.columns.requester)}
          {header(en.inbox.columns.status)}
          {header(en.inbox.columns.priority, 'priority')}
          {header(en.inbox.columns.assignee)}
          {header(en.inbox.columns.group)}
          {header(en.inbox.columns.updated, 'updatedAt')}
        </div>
      </div>
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
            const selected = selection.selected.has(t.id);
            return (
              <div
                key={t.id}
                role="row"
                aria-rowindex={vi.index + 2}
                aria-selected={selected}
                data-active={vi.index === active || undefined}
                data-ticket-id={t.id}
                className={`${classes.row} ${classes.bodyRow}`}
                style={{ transform: `translateY(${vi.start}px)`, height: ROW_HEIGHT }}
                onClick={() => setActive(vi.index)}
              >
                <div role="cell" className={classes.check}>
                  <Checkbox
                    size="xs"
                    aria-label={en.inbox.selectRow(t.number)}
                    checked={selected}
                    onChange={() => undefined}
                    onClick={(e) => onCheck(e, t.id)}
                  />
                </div>
                <div role="cell" className={classes.number}>
                  {t.number}
                </div>
                <div role="cell" className={classes.subject}>
                  <Link
                    to={`/tickets/${t.id}`}
                    className={classes.link}
                    onMouseEnter={() => prefetch(t.id)}
                    onFocus={() => prefetch(t.id)}
                  >
                    {t.subject}
                  </Link>
                </div>
                <div role="cell" className={classes.requester} title={t.requester.email}>
                  {t.requester.name || t.requester.email}
                </div>
                <div role="cell">
                  <StatusBadge status={t.status} />
                </div>
                <div role="cell" className={classes.optional}>
                  <PriorityBadge priority={t.priority} />
                </div>
                <div role="cell" className={`${classes.ellipsis} ${classes.optional}`}>
                  {userName(t.assigneeId) ?? (
                    <Text span c="dimmed" size="sm">
                      {en.unassigned}
                    </Text>
                  )}
                </div>
                <div role="cell" className={`${classes.ellipsis} ${classes.optional}`}>
                  {groupName(t.groupId) ?? ''}
                </div>
                <div role="cell" className={classes.updated}>
                  <time dateTime={t.updatedAt} title={fullTime(t.updatedAt)}>
                    {relativeTime(t.updatedAt)}
                  </time>
                </div>
              </div>
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
