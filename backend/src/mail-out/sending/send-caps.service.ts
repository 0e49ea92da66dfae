import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS } from '../../redis/redis.module';

interface Window {
  key: string;
  limit: number;
  seconds: number;
  describe: string;
}

/**
 * Sliding windows over automatic mail (in the spirit of Zammad's loop protection):
 * another system that answers every mail we send cannot make us send without end.
 * Mail over a cap is held for an admin, never dropped.
 */
export function capWindows(m: { ticketId: number | null; recipient: string; kind: string }): Window[] {
  const r = m.recipient.toLowerCase();
  const windows: Window[] = [
    {
      // Notices about no ticket (a mailbox source failing) share one window per recipient.
      key: `mailout:cap:ticket:${m.ticketId ?? 'none'}:${r}`,
      limit: 10,
      seconds: 600,
      describe: '10 automatic mails per ticket and recipient in 10 minutes',
    },
    {
      key: `mailout:cap:recipient:${r}`,
      limit: 30,
      seconds: 600,
      describe: '30 automatic mails per recipient in 10 minutes',
    },
  ];
  if (m.kind === 'customer_acknowledgement') {
    windows.push({
      key: `mailout:cap:ack:${r}`,
      limit: 10,
      seconds: 3 * 3600,
      describe: '10 acknowledgements per sender in 3 hours',
    });
  }
  return windows;
}

// Checks every window, and counts the mail in all of them only when none is full, in
// one atomic step so concurrent workers cannot both take the last slot. A mail already
// counted (a retried job) is not counted twice.
const SCRIPT = `
local now = tonumber(ARGV[1])
local member = ARGV[2]
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[1 + i * 2])
  local window = tonumber(ARGV[2 + i * 2])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  if not redis.call('ZSCORE', key, member) and redis.call('ZCARD', key) >= limit then
    return i
  end
end
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'NX', now, member)
  redis.call('PEXPIRE', key, tonumber(ARGV[2 + i * 2]))
end
return 0`;

@Injectable()
export class SendCaps {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Counts the mail and returns null, or returns the cap it would exceed. */
  async take(
    outboundId: number,
    m: { ticketId: number | null; recipient: string; kind: string },
  ): Promise<string | null> {
    const windows = capWindows(m);
    const args = windows.flatMap((w) => [w.limit, w.seconds * 1000]);
    const full = (await this.redis.eval(
      SCRIPT,
      windows.length,
      ...windows.map((w) => w.key),
      Date.now(),
      String(outboundId),
      ...args,
    )) as number;
    return full ? windows[full - 1].describe : null;
  }
}
