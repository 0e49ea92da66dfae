import { randomBytes } from 'node:crypto';
import { open, seal } from './secret-box';

describe('secret box (AES-256-GCM under a derived key)', () => {
  const key = randomBytes(32);
  const plain = Buffer.from('{"password":"hunter2"}');

  it('opens what it sealed, and never holds the plaintext', () => {
    const sealed = seal(key, 'mail-source', '7', plain);
    expect(sealed.includes(Buffer.from('hunter2'))).toBe(false);
    expect(open(key, 'mail-source', '7', sealed)).toEqual(plain);
    // A fresh IV each time: the same secret never seals the same twice.
    expect(seal(key, 'mail-source', '7', plain).equals(sealed)).toBe(false);
  });

  it('refuses another key, another purpose, another row, and any altered byte', () => {
    const sealed = seal(key, 'mail-source', '7', plain);
    expect(() => open(randomBytes(32), 'mail-source', '7', sealed)).toThrow(/HELPDESK_SECRET_KEY/);
    expect(() => open(key, 'other', '7', sealed)).toThrow();
    expect(() => open(key, 'mail-source', '8', sealed)).toThrow();
    for (const at of [0, 5, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at] ^= 1;
      expect(() => open(key, 'mail-source', '7', altered)).toThrow();
    }
    expect(() => open(key, 'mail-source', '7', Buffer.from('short'))).toThrow('not a sealed secret');
  });
});
