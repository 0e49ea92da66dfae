import { describe, expect, it } from 'vitest';
import type { Message } from '../api/types';
import { answeredMeanwhile, newestId } from './collision';

const msg = (id: number, author: Message['author']): Message => ({
  id,
  ticketId: 1,
  internal: false,
  visibility: 'public',
  channel: 'web',
  author,
  bodyText: '',
  bodyHtml: null,
  remoteImages: 0,
  cc: [],
  forwardedTo: null,
  fullText: null,
  mail: null,
  attachments: [],
  delivery: null,
  createdAt: '',
});

describe('answered meanwhile', () => {
  const me = 7;
  const messages = [
    msg(1, { type: 'customer', id: 3, name: 'Carla', email: 'c@x' }),
    msg(2, { type: 'user', id: 8, name: 'Dana', email: 'd@x' }),
    msg(3, { type: 'user', id: me, name: 'Me', email: 'm@x' }),
    msg(4, { type: 'customer', id: 3, name: 'Carla', email: 'c@x' }),
  ];

  it("lists other people's messages newer than what the agent had seen", () => {
    expect(answeredMeanwhile(messages, 1, me).map((m) => m.id)).toEqual([2, 4]);
  });
  it('ignores the agent’s own messages and everything already seen', () => {
    expect(answeredMeanwhile(messages, 4, me)).toEqual([]);
    expect(answeredMeanwhile(messages.slice(0, 3), 2, me)).toEqual([]);
  });
  it('knows the newest id', () => expect(newestId(messages)).toBe(4));
});
