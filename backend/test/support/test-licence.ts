import { generateKeyPairSync } from 'node:crypto';
import { issueLicence, LicencePayload } from '../../src/licence/licence-format';

/** A throwaway vendor key: tests issue licences with it and boot the app trusting it (never the release key). */
export const TEST_VENDOR = generateKeyPairSync('ed25519');

export function issueTestLicence(overrides: Partial<LicencePayload> = {}, privateKey = TEST_VENDOR.privateKey): string {
  return issueLicence(
    {
      id: 'lic-test',
      licensee: { name: 'Test Company', email: 'it@test.local' },
      seats: 1000,
      issued: '2026-01-01',
      updatesUntil: '2099-12-31',
      features: [],
      ...overrides,
    },
    privateKey,
  );
}
