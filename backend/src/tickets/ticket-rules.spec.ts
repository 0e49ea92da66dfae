import { DomainError } from '../common/domain-error';
import { replyOutcome, statusAfterAgentMessage, statusTimestamps } from './ticket-rules';
import { TICKET_STATUSES } from './ticket.constants';

describe('ticket rules', () => {
  it('a public reply opens a new ticket unless the agent sends a status; a note moves nothing', () => {
    expect(statusAfterAgentMessage('new', { internal: false })).toBe('open');
    expect(statusAfterAgentMessage('new', { internal: false, requested: 'pending' })).toBe('pending');
    expect(statusAfterAgentMessage('new', { internal: true })).toBeUndefined();
    expect(statusAfterAgentMessage('open', { internal: false })).toBeUndefined();
    expect(statusAfterAgentMessage('open', { internal: false, requested: 'open' })).toBeUndefined();
    expect(statusAfterAgentMessage('pending', { internal: true, requested: 'solved' })).toBe('solved');
  });

  it('never moves a ticket back to new', () => {
    expect(() => statusAfterAgentMessage('open', { internal: false, requested: 'new' })).toThrow(DomainError);
    expect(statusAfterAgentMessage('new', { internal: true, requested: 'new' })).toBeUndefined();
  });

  it('stamps the status change, solved_at on solve, closed_at on close, and clears solved_at on any other move', () => {
    const now = new Date('2026-01-02T03:04:05Z');
    expect(statusTimestamps('solved', now)).toEqual({ status_changed_at: now, solved_at: now });
    expect(statusTimestamps('closed', now)).toEqual({ status_changed_at: now, closed_at: now });
    for (const s of ['new', 'open', 'pending', 'on_hold'] as const)
      expect(statusTimestamps(s, now)).toEqual({ status_changed_at: now, solved_at: null });
  });

  it("reopens only what waits on the customer, only for a person's reply, and follows up a closed ticket", () => {
    const person = { byCustomer: true, automatic: false };
    const outcomes = Object.fromEntries(TICKET_STATUSES.map((s) => [s, replyOutcome(s, person)]));
    expect(outcomes).toEqual({
      new: 'keep',
      open: 'keep',
      pending: 'reopen',
      on_hold: 'keep',
      solved: 'reopen',
      closed: 'follow_up',
    });
    expect(replyOutcome('pending', { byCustomer: true, automatic: true })).toBe('keep');
    expect(replyOutcome('solved', { byCustomer: false, automatic: false })).toBe('keep');
    expect(replyOutcome('closed', { byCustomer: false, automatic: true })).toBe('follow_up');
  });
});
