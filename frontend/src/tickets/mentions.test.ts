import { describe, expect, it } from 'vitest';
import { insertMention, mentionAt, mentionedIds, suggestions } from './mentions';

const people = [
  { id: 1, name: 'Dana Agent', email: 'dana@example.com' },
  { id: 2, name: 'Dan', email: 'dan@example.com' },
  { id: 3, name: 'Eve Expert', email: 'eve@example.com' },
];

describe('composer mentions', () => {
  it('finds the mention being typed at the caret, not an address or a finished line', () => {
    expect(mentionAt('Hi @da', 6)).toEqual({ start: 3, query: 'da' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('Hi @Dana A', 10)).toEqual({ start: 3, query: 'Dana A' });
    expect(mentionAt('mail me@example.com', 19)).toBeNull();
    expect(mentionAt('Hi @da\nnext', 11)).toBeNull();
    expect(mentionAt('Hi there', 8)).toBeNull();
  });

  it('suggests people by the start of their name, a word of it, or their address', () => {
    expect(suggestions(people, 'da').map((p) => p.id)).toEqual([1, 2]);
    expect(suggestions(people, 'exp').map((p) => p.id)).toEqual([3]);
    expect(suggestions(people, 'EVE@').map((p) => p.id)).toEqual([3]);
    expect(suggestions(people, '').map((p) => p.id)).toEqual([1, 2, 3]);
  });

  it('inserts the full name and names who the text mentions, by full name only', () => {
    const m = mentionAt('Hi @da', 6)!;
    expect(insertMention('Hi @da and more', m, 6, 'Dana Agent')).toEqual({
      text: 'Hi @Dana Agent  and more',
      caret: 15,
    });
    expect(mentionedIds('Hi @Dana Agent, and @Dan.', people)).toEqual([1, 2]);
    expect(mentionedIds('Hi @Danny and dana@example.com', people)).toEqual([]);
    expect(mentionedIds('@Eve Expert', people)).toEqual([3]);
  });
});
