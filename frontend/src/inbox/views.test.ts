import { describe, expect, it } from 'vitest';
import { BUILTIN_VIEWS, fieldFilterEntries, filtersFromSearch, sameFilters } from './views';

describe('views', () => {
  it('reads only ticket filters from the URL (not sort order or UI state)', () => {
    expect(filtersFromSearch(new URLSearchParams('status=open&sort=priority&q=printer&focus=search'))).toEqual({
      status: 'open',
      q: 'printer',
    });
  });

  it('reads custom field filters (field.<key>) from the URL and tells them apart in comparisons', () => {
    const f = filtersFromSearch(new URLSearchParams('status=open&field.plan=pro,enterprise&field.seats=10..&fields=x'));
    expect(f).toEqual({ status: 'open', 'field.plan': 'pro,enterprise', 'field.seats': '10..' });
    expect(fieldFilterEntries(f)).toEqual([
      ['plan', 'pro,enterprise'],
      ['seats', '10..'],
    ]);
    expect(sameFilters(f, { 'field.seats': '10..', status: 'open', 'field.plan': 'enterprise,pro' })).toBe(true);
    expect(sameFilters(f, { status: 'open', 'field.plan': 'pro,enterprise' })).toBe(false);
  });

  it('compares filter sets regardless of key and value order', () => {
    expect(sameFilters({ status: 'open,new', assigneeId: 'me' }, { assigneeId: 'me', status: 'new,open' })).toBe(true);
    expect(sameFilters({ status: 'open' }, { status: 'open', assigneeId: 'me' })).toBe(false);
  });

  it('has distinct built-in views matching the counters of /tickets/counts', () => {
    expect(BUILTIN_VIEWS.map((v) => v.key)).toEqual([
      'myOpen',
      'unassigned',
      'allOpen',
      'automatic',
      'pending',
      'solved',
    ]);
    for (const v of BUILTIN_VIEWS)
      expect(BUILTIN_VIEWS.filter((w) => sameFilters(v.filters, w.filters))).toHaveLength(1);
  });
});
