import type { Message } from '../api/types';

/**
 * Messages someone else added after `sinceId` (the newest message the agent had seen
 * when they started writing): a reason to look before sending.
 */
export function answeredMeanwhile(messages: Message[], sinceId: number, myId: number): Message[] {
  return messages.filter((m) => m.id > sinceId && !(m.author.type === 'user' && m.author.id === myId));
}

export const newestId = (messages: Message[]) => messages.reduce((max, m) => Math.max(max, m.id), 0);
