import { LOCKS } from './locks';

describe('advisory-lock registry', () => {
  it('gives every use its own key', () => {
    const keys = Object.values(LOCKS);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
