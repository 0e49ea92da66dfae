import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from '../redis/redis.module';

/** One browser tab on one ticket, as kept in Redis. */
interface PresenceEntry {
  userId: number;
  name: string;
  /** Epoch ms until which the tab counts as typing (0: not typing). */
  typingUntil: number;
  /** Epoch ms after which the entry is stale: its replica stopped refreshing it. */
  seenUntil: number;
}

export interface Viewer {
  userId: number;
  name: string;
  typing: boolean;
}

/** A replica refreshes its tabs every PRESENCE_REFRESH_MS; a tab not refreshed for PRESENCE_TTL_MS is gone. */
export const PRESENCE_TTL_MS = 30_000;
export const PRESENCE_REFRESH_MS = 10_000;
/** "Typing" fades unless the browser repeats it, so a tab left with a half-written reply does not type forever. */
export const TYPING_TTL_MS = 20_000;

/**
 * Who is viewing or typing on which ticket, across every api replica: one Redis hash
 * per ticket, one field per browser tab (socket id). Redis 7.0 has no per-field TTL,
 * so each entry carries its own deadline and readers drop stale ones; the hash as a
 * whole expires once nobody refreshes it.
 */
@Injectable()
export class PresenceStore {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  private key = (ticketId: number) => `helpdesk:presence:${ticketId}`;

  /** Writes (or refreshes) one tab's entry. */
  async put(
    ticketId: number,
    socketId: string,
    user: { id: number; name: string },
    typingUntil: number,
  ): Promise<void> {
    const entry: PresenceEntry = {
      userId: user.id,
      name: user.name,
      typingUntil,
      seenUntil: Date.now() + PRESENCE_TTL_MS,
    };
    await this.redis
      .multi()
      .hset(this.key(ticketId), socketId, JSON.stringify(entry))
      .pexpire(this.key(ticketId), PRESENCE_TTL_MS * 2)
      .exec();
  }

  async remove(ticketId: number, socketId: string): Promise<void> {
    await this.redis.hdel(this.key(ticketId), socketId);
  }

  /** The ticket's viewers, one per agent (typing if any of their tabs is); drops stale tabs. */
  async viewers(ticketId: number): Promise<{ viewers: Viewer[]; dropped: number }> {
    const all = await this.redis.hgetall(this.key(ticketId));
    const now = Date.now();
    const stale: string[] = [];
    const byUser = new Map<number, Viewer>();
    for (const [socketId, raw] of Object.entries(all)) {
      const e = JSON.parse(raw) as PresenceEntry;
      if (e.seenUntil < now) {
        stale.push(socketId);
        continue;
      }
      const typing = e.typingUntil > now;
      const seen = byUser.get(e.userId);
      if (seen) seen.typing ||= typing;
      else byUser.set(e.userId, { userId: e.userId, name: e.name, typing });
    }
    if (stale.length) await this.redis.hdel(this.key(ticketId), ...stale);
    const viewers = [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name) || a.userId - b.userId);
    return { viewers, dropped: stale.length };
  }
}
