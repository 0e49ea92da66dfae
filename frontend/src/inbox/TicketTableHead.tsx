import { Checkbox, UnstyledButton } from '@mantine/core';
import { en } from '../i18n/en';
import classes from './TicketTable.module.css';

export type ColumnSort = 'updatedAt' | 'createdAt' | 'priority';

/** The header row: select all loaded tickets, column names, and the columns that sort (toggling the order). */
export function TicketTableHead({
  sort,
  order,
  onSort,
  allSelected,
  someSelected,
  onToggleAll,
}: {
  sort: string;
  order: 'asc' | 'desc';
  onSort: (sort: ColumnSort, order: 'asc' | 'desc') => void;
  allSelected: boolean;
  someSelected: boolean;
  onToggleAll: () => void;
}) {
  const header = (label: string, className: string, key?: ColumnSort) => {
    if (!key)
      return (
        <div role="columnheader" className={className}>
          {label}
        </div>
      );
    const isSorted = sort === key;
    return (
      <div
        role="columnheader"
        className={className}
        aria-sort={isSorted ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
      >
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
  const c = en.inbox.columns;
  return (
    <div role="rowgroup">
      <div role="row" className={`${classes.row} ${classes.head}`}>
        <div role="columnheader" className={classes.check}>
          <Checkbox
            size="xs"
            aria-label={en.inbox.selectAll}
            checked={allSelected}
            indeterminate={!allSelected && someSelected}
            onChange={onToggleAll}
          />
        </div>
        {header(c.number, classes.number, 'createdAt')}
        {header(c.subject, classes.subject)}
        {header(c.requester, classes.requester)}
        {header(c.status, classes.status)}
        {header(c.priority, classes.optional, 'priority')}
        {header(c.assignee, classes.optional)}
        {header(c.group, classes.optional)}
        {header(c.updated, classes.updated, 'updatedAt')}
      </div>
    </div>
  );
}
