import { Injectable, NotFoundException } from '@nestjs/common';
import { Tx } from '../../database/transactions';
import { RoundRobinRepository, RoundRobinRow } from './round-robin.repository';
import { AvailabilityView, RoundRobinView } from './round-robin.view';

/**
 * Picks the member after `last` in id order (wrapping), skipping those at the cap; null
 * when nobody can take one. Pure: the fairness rule, testable without a database.
 */
export function nextAgent(
  candidates: { id: number; open: number }[],
  last: number | null,
  maxOpen: number | null,
): number | null {
  const able = candidates.filter((c) => maxOpen === null || c.open < maxOpen);
  if (!able.length) return null;
  return (able.find((c) => last === null || c.id > last) ?? able[0]).id;
}

const toView = (r: RoundRobinRow | undefined, groupId: number): RoundRobinView => ({
  groupId,
  maxOpenPerAgent: r?.max_open_per_agent ?? null,
  lastUserId: r?.last_user_id ?? null,
});

/**
 * Round-robin assignment per group: the next active agent of the group who is not away
 * and holds fewer new and open tickets than the group's cap (if it has one). The cursor
 * is a row in PostgreSQL locked for the assignment, so api and worker replicas assigning
 * at once take turns on it and share the agents fairly.
 */
@Injectable()
export class RoundRobinService {
  constructor(private readonly repo: RoundRobinRepository) {}

  /** The agent the group's next ticket goes to (the cursor moves on), or null when nobody is available. */
  async next(tx: Tx, groupId: number): Promise<number | null> {
    const cursor = await this.repo.lockCursor(tx, groupId);
    const agent = nextAgent(await this.repo.candidates(tx, groupId), cursor.last_user_id, cursor.max_open_per_agent);
    if (agent !== null) await this.repo.advance(tx, groupId, agent);
    return agent;
  }

  async settings(groupId: number): Promise<RoundRobinView> {
    if (!(await this.repo.groupExists(groupId))) throw new NotFoundException(`Group ${groupId} not found`);
    return toView(await this.repo.settings(groupId), groupId);
  }

  async saveSettings(groupId: number, maxOpenPerAgent: number | null): Promise<RoundRobinView> {
    if (!(await this.repo.groupExists(groupId))) throw new NotFoundException(`Group ${groupId} not found`);
    return toView(await this.repo.saveSettings(groupId, maxOpenPerAgent), groupId);
  }

  async availability(): Promise<AvailabilityView[]> {
    return (await this.repo.availability()).map((r) => ({ userId: r.user_id, away: r.away }));
  }

  async setAway(userId: number, away: boolean): Promise<AvailabilityView> {
    if (!(await this.repo.setAway(userId, away))) throw new NotFoundException(`User ${userId} not found`);
    return { userId, away };
  }
}
