import { describe, expect, it } from 'vitest';
import { getListContext, neighbours, orderFor, rememberList } from './list-context';

describe('moving through the list a ticket was opened from', () => {
  it('finds the previous and next ticket, none past either end, nothing for a ticket not in the list', () => {
    expect(neighbours([5, 9, 2], 9)).toEqual({ index: 1, prev: 5, next: 2 });
    expect(neighbours([5, 9, 2], 5)).toEqual({ index: 0, prev: undefined, next: 9 });
    expect(neighbours([5, 9, 2], 2)).toEqual({ index: 2, prev: 9, next: undefined });
    expect(neighbours([5, 9, 2], 4)).toEqual({ index: -1 });
  });

  it('follows the cached list while it holds the ticket, else the order the agent saw', () => {
    expect(orderFor(9, [1, 9, 3], [5, 9, 2])).toEqual([1, 9, 3]);
    // Just solved: it left "My open", and "next" is still the ticket that was below it.
    expect(orderFor(9, [5, 2], [5, 9, 2])).toEqual([5, 9, 2]);
    expect(orderFor(9, undefined, [5, 9, 2])).toEqual([5, 9, 2]);
  });

  it('keeps the list for the tab (a reload keeps it)', () => {
    rememberList({ search: '?status=open', ids: [1, 2, 3] });
    expect(getListContext()).toEqual({ search: '?status=open', ids: [1, 2, 3] });
    expect(JSON.parse(sessionStorage.getItem('helpdesk.listContext')!)).toEqual({
      search: '?status=open',
      ids: [1, 2, 3],
    });
  });
});
