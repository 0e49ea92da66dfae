import { generateKeyPairSync } from 'node:crypto';
import { InvalidLicenceError, issueLicence, LicencePayload, verifyLicence } from './licence-format';
import { evaluateLicence, FREE_TIER_SEATS } from './licence-state';

const vendor = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const payload: LicencePayload = {
  id: 'lic-0001',
  licensee: { name: 'Example GmbH', email: 'it@example.com' },
  seats: 12,
  issued: '2026-11-01',
  updatesUntil: '2027-11-01',
  features: ['sla'],
};
const release = { version: '1.0.0', releaseDate: '2026-11-25' };
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('licence format', () => {
  const text = issueLicence(payload, vendor.privateKey);

  it('verifies a licence and returns its payload', () => {
    expect(text).toMatch(/^HDL1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyLicence(text, vendor.publicKey)).toEqual(payload);
    expect(verifyLicence(`  ${text}\n`, vendor.publicKey)).toEqual(payload);
  });

  it('rejects every single-character change anywhere in the text', () => {
    let tried = 0;
    for (let i = 0; i < text.length; i++) {
      // The neighbouring alphabet letter flips low bits (the hardest case for padding bits), the
      // far one flips high bits, and '.' / '=' / '!' change the structure or are not base64url.
      const at = B64URL.indexOf(text[i]);
      const substitutes = at < 0 ? ['A', 'x'] : [B64URL[at ^ 1], B64URL[(at + 32) % 64], '.', '=', '!'];
      for (const c of substitutes) {
        const changed = text.slice(0, i) + c + text.slice(i + 1);
        expect(() => verifyLicence(changed, vendor.publicKey)).toThrow(InvalidLicenceError);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(text.length * 4);
  });

  it('rejects a dropped or added character and every byte change in the decoded payload or signature', () => {
    const [prefix, body, sig] = text.split('.');
    for (const [part, rebuild] of [
      [body, (b: Buffer) => `${prefix}.${b.toString('base64url')}.${sig}`],
      [sig, (b: Buffer) => `${prefix}.${body}.${b.toString('base64url')}`],
    ] as const) {
      const bytes = Buffer.from(part, 'base64url');
      for (let i = 0; i < bytes.length; i++) {
        const changed = Buffer.from(bytes);
        changed[i] ^= 0x01;
        expect(() => verifyLicence(rebuild(changed), vendor.publicKey)).toThrow(InvalidLicenceError);
      }
    }
    expect(() => verifyLicence(text.slice(0, -1), vendor.publicKey)).toThrow(InvalidLicenceError);
    expect(() => verifyLicence(`${text}A`, vendor.publicKey)).toThrow(InvalidLicenceError);
  });

  it('rejects a licence signed by another key, even with the same payload', () => {
    expect(() => verifyLicence(issueLicence(payload, stranger.privateKey), vendor.publicKey)).toThrow(
      /signature does not match/,
    );
  });

  it('rejects garbage with a reason', () => {
    expect(() => verifyLicence('', vendor.publicKey)).toThrow(/HDL1/);
    expect(() => verifyLicence('HDL2.a.b', vendor.publicKey)).toThrow(/HDL1/);
    expect(() => verifyLicence('HDL1.@@@.b', vendor.publicKey)).toThrow(/base64url/);
  });

  it('refuses to sign an incomplete payload', () => {
    expect(() => issueLicence({ ...payload, seats: 0 }, vendor.privateKey)).toThrow(/seats/);
    expect(() => issueLicence({ ...payload, updatesUntil: '2027-13-45' }, vendor.privateKey)).toThrow(/updatesUntil/);
  });
});

describe('licence state', () => {
  const text = issueLicence(payload, vendor.privateKey);

  it('is the free tier without a licence', () => {
    expect(evaluateLicence(undefined, null, vendor.publicKey, release)).toMatchObject({
      status: 'free',
      seatLimit: FREE_TIER_SEATS,
      notice: null,
    });
  });

  it("gives the licence's seats while updates cover this build, through its last day", () => {
    expect(evaluateLicence(text, 'settings', vendor.publicKey, release)).toMatchObject({
      status: 'licensed',
      seatLimit: 12,
    });
    const lastDay = issueLicence({ ...payload, updatesUntil: release.releaseDate }, vendor.privateKey);
    expect(evaluateLicence(lastDay, 'settings', vendor.publicKey, release)).toMatchObject({
      status: 'licensed',
      seatLimit: 12,
    });
  });

  it("falls back to the free tier's seats, with a notice naming both dates, once updates ended before this build", () => {
    const ended = issueLicence({ ...payload, updatesUntil: '2026-11-24' }, vendor.privateKey);
    const state = evaluateLicence(ended, 'env', vendor.publicKey, release);
    expect(state).toMatchObject({ status: 'updates_expired', seatLimit: FREE_TIER_SEATS });
    expect(state.notice).toContain('licence updates ended 2026-11-24 but this version was released 2026-11-25');
  });

  it('treats a tampered licence as no licence, with a notice', () => {
    const tampered = text.slice(0, 10) + (text[10] === 'A' ? 'B' : 'A') + text.slice(11);
    expect(evaluateLicence(tampered, 'env', vendor.publicKey, release)).toMatchObject({
      status: 'invalid',
      seatLimit: FREE_TIER_SEATS,
      notice: expect.stringContaining('HELPDESK_LICENCE_KEY is not valid'),
    });
  });
});
