import { Algorithm, hash, verify } from '@node-rs/argon2';

// argon2id, 19 MiB, t=2, p=1: OWASP's recommended minimum, cheap enough for login bursts on 2 cores.
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export const hashPassword = (plain: string) => hash(plain, OPTIONS);

export async function verifyPassword(hashed: string, plain: string): Promise<boolean> {
  try {
    return await verify(hashed, plain);
  } catch {
    return false;
  }
}

/**
 * A fixed hash to verify against when the account does not exist, so a login for an
 * unknown email costs the same time as one for a real account.
 */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('not-a-real-password-' + Math.random()));
