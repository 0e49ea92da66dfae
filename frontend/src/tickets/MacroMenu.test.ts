import { describe, expect, it } from 'vitest';
import { moved } from '../admin/RulesAdmin';
import { filterMacros } from './MacroMenu';

describe('macro search and rule order', () => {
  const macros = [
    { title: 'Refund approved', replyText: 'Your money is on its way' },
    { title: 'Greeting', replyText: null },
    { title: 'Shipping delay', replyText: 'Sorry, the courier is late' },
  ];
  it('matches every word typed, in the title or the reply, ignoring case', () => {
    expect(filterMacros(macros, 'REFUND').map((m) => m.title)).toEqual(['Refund approved']);
    expect(filterMacros(macros, 'sorry late').map((m) => m.title)).toEqual(['Shipping delay']);
    expect(filterMacros(macros, 'sorry refund')).toEqual([]);
    expect(filterMacros(macros, '  ')).toHaveLength(3);
  });
  it('moves a dragged rule to where it is dropped', () => {
    expect(moved([1, 2, 3, 4], 0, 2)).toEqual([2, 3, 1, 4]);
    expect(moved([1, 2, 3, 4], 3, 0)).toEqual([4, 1, 2, 3]);
  });
});
