import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { keys } from '../api/keys';
import { knownTags } from './known-tags';

describe('tag suggestions from what the browser has loaded', () => {
  it('collects tags of cached lists, tickets and saved views, most used first, without asking the API', () => {
    const qc = new QueryClient();
    qc.setQueryData(keys.ticketList({ status: 'open' }), {
      pages: [{ items: [{ tags: ['vip', 'billing'] }, { tags: ['vip'] }], nextCursor: null }],
      pageParams: [null],
    });
    qc.setQueryData([...keys.ticketLists, { requesterId: 3, limit: 10 }], { items: [{ tags: ['refund'] }] });
    qc.setQueryData(keys.ticket(7), { id: 7, tags: ['vip', 'outage'], messages: [] });
    // The audit trail lives below the ticket's key; its events have no tags.
    qc.setQueryData(keys.ticketEvents(7), { pages: [{ items: [{ action: 'created' }] }], pageParams: [null] });
    qc.setQueryData(keys.views, [{ id: 1, name: 'Outages', filters: { tag: 'outage,network' } }]);
    expect(knownTags(qc)).toEqual(['vip', 'outage', 'billing', 'network', 'refund']);
  });

  it('is empty when nothing is loaded', () => {
    expect(knownTags(new QueryClient())).toEqual([]);
  });
});
