import { Checkbox, Text, VisuallyHidden } from '@mantine/core';
import type { MouseEvent } from 'react';
import { Link } from 'react-router';
import type { Ticket } from '../api/types';
import { en } from '../i18n/en';
import { PriorityBadge, StatusBadge } from '../ui/badges';
import { fullTime, relativeTime } from '../ui/format';
import classes from './TicketTable.module.css';

interface Props {
  ticket: Ticket;
  index: number;
  top: number;
  height: number;
  active: boolean;
  selected: boolean;
  assignee: string | null;
  group: string | null;
  onCheck: (e: MouseEvent, id: number) => void;
  /** The agent is leaving for this ticket (the list remembers where it was). */
  onFollow: () => void;
  /** The pointer or the focus is on the row: its ticket may be opened next. */
  onIntent: (id: number) => void;
}

/**
 * One ticket of the inbox. The subject is a link stretched over the whole row (see the CSS), so
 * the row opens the ticket wherever it is clicked while the checkbox above it still selects.
 * Triage at a glance: bold when it changed since this agent opened it, a mark when the customer
 * wrote last (it waits on us), "Auto" on automatic mail, "Draft" when this agent has unsent text on
 * it, and the start of the latest public message below the subject.
 */
export function TicketRow({ ticket: t, index, top, height, active, selected, assignee, group, ...on }: Props) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-active={active || undefined}
      data-ticket-id={t.id}
      data-unread={t.unread || undefined}
      className={`${classes.row} ${classes.bodyRow}`}
      style={{ transform: `translateY(${top}px)`, height }}
    >
      <div role="cell" className={classes.check}>
        <Checkbox
          size="xs"
          aria-label={en.inbox.selectRow(t.number)}
          checked={selected}
          onChange={() => undefined}
          onClick={(e) => on.onCheck(e, t.id)}
        />
      </div>
      <div role="cell" className={classes.number}>
        {t.number}
      </div>
      <div role="cell" className={classes.subject}>
        <div className={classes.subjectLine}>
          {t.unread && <VisuallyHidden>{en.inbox.unread}</VisuallyHidden>}
          {t.lastActor === 'customer' && (
            <span className={classes.replied} data-testid="customer-replied">
              <span aria-hidden>↩</span>
              <VisuallyHidden>{en.inbox.customerReplied}</VisuallyHidden>
            </span>
          )}
          {t.automatic && (
            <span className={classes.automatic} title={en.inbox.automaticTitle} data-testid="automatic-mark">
              {en.inbox.automatic}
            </span>
          )}
          {t.hasDraft && (
            <span className={classes.draft} title={en.inbox.draftTitle} data-testid="draft-mark">
              {en.inbox.draft}
            </span>
          )}
          <Link
            to={`/tickets/${t.id}`}
            className={classes.link}
            title={t.preview ? `${t.subject}\n\n${t.preview}` : t.subject}
            onClick={on.onFollow}
            onMouseEnter={() => on.onIntent(t.id)}
            onFocus={() => on.onIntent(t.id)}
          >
            {t.subject}
          </Link>
        </div>
        {t.preview && <div className={classes.preview}>{t.preview}</div>}
      </div>
      <div role="cell" className={classes.requester} title={t.requester.email}>
        {t.requester.name || t.requester.email}
      </div>
      <div role="cell" className={classes.status}>
        <StatusBadge status={t.status} />
      </div>
      <div role="cell" className={classes.optional}>
        <PriorityBadge priority={t.priority} />
      </div>
      <div role="cell" className={`${classes.ellipsis} ${classes.optional}`}>
        {assignee ?? (
          <Text span c="dimmed" size="sm">
            {en.unassigned}
          </Text>
        )}
      </div>
      <div role="cell" className={`${classes.ellipsis} ${classes.optional}`}>
        {group ?? ''}
      </div>
      <div role="cell" className={classes.updated}>
        <time dateTime={t.updatedAt} title={fullTime(t.updatedAt)}>
          {relativeTime(t.updatedAt)}
        </time>
      </div>
    </div>
  );
}
