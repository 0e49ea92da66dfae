import { jsonDepthExceeds } from './json-body';

describe('jsonDepthExceeds', () => {
  it('counts nesting of arrays and objects, not brackets inside strings', () => {
    expect(jsonDepthExceeds('{"a":[1,{"b":2}]}', 3)).toBe(false);
    expect(jsonDepthExceeds('{"a":[1,{"b":2}]}', 2)).toBe(true);
    expect(jsonDepthExceeds(JSON.stringify({ s: '[[[[{{{{' }), 1)).toBe(false);
    // An escaped quote does not end the string.
    expect(jsonDepthExceeds(JSON.stringify({ s: 'say \\"[[[[ "' }), 1)).toBe(false);
    expect(jsonDepthExceeds('[[]][[]]', 2)).toBe(false);
  });

  it('stops at the limit on input nested tens of thousands deep', () => {
    expect(jsonDepthExceeds('['.repeat(100_000), 64)).toBe(true);
    expect(jsonDepthExceeds('['.repeat(64) + ']'.repeat(64), 64)).toBe(false);
  });
});
