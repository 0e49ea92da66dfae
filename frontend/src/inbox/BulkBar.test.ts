import { describe, expect, it } from 'vitest';
import type { Ticket } from '../api/types';
import { patchFor, runLimited } from './BulkBar';

describe('bulk changes', () => {
  it("adds a tag to each ticket's own tags, once, normalised", () => {
    const t = { tags: ['vip', 'billing'] } as Ticket;
    expect(patchFor(t, { addTag: ' VIP ' })).toEqual({ tags: ['vip', 'billing'] });
    expect(patchFor(t, { addTag: 'Refund' })).toEqual({ tags: ['vip', 'billing', 'refund'] });
    expect(patchFor(t, { assigneeId: null })).toEqual({ assigneeId: null });
  });

  it('runs at most `limit` requests at once and counts the failures', async () => {
    let running = 0;
    let peak = 0;
    const failed = await runLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (n % 3 === 0) throw new Error('409');
    });
    expect(peak).toBe(3);
    expect(failed).toBe(2);
  });
});
