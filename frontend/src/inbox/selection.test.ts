import { describe, expect, it } from 'vitest';
import { emptySelection, extendTo, toggle, toggleAll } from './selection';

const ids = (s: { ids: ReadonlySet<number> }) => [...s.ids].sort((a, b) => a - b);

describe('list selection', () => {
  const order = [10, 11, 12, 13, 14];

  it('toggles single rows', () => {
    const one = toggle(emptySelection, 12);
    expect(ids(one)).toEqual([12]);
    expect(ids(toggle(one, 12))).toEqual([]);
  });

  it('shift-click selects the range from the last clicked row, either direction', () => {
    const start = toggle(emptySelection, 11);
    expect(ids(extendTo(start, 13, order))).toEqual([11, 12, 13]);
    expect(ids(extendTo(toggle(emptySelection, 14), 12, order))).toEqual([12, 13, 14]);
  });

  it('without an anchor, shift-click just toggles', () => {
    expect(ids(extendTo(emptySelection, 13, order))).toEqual([13]);
  });

  it('select-all selects every loaded row, and clears when all were selected', () => {
    const all = toggleAll(toggle(emptySelection, 10), order);
    expect(ids(all)).toEqual(order);
    expect(ids(toggleAll(all, order))).toEqual([]);
  });
});
