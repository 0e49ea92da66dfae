import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  InvalidLicenceError,
  issueLicence,
  privateKeyFromPem,
  publicKeyFromPem,
  verifyLicence,
} from './licence-format';
import { evaluateLicence } from './licence-state';
import { readRelease, readVendorPublicKey } from './release';

const USAGE = `Helpdesk vendor licence tool

  npm run licence -- keygen [--out FILE] [--public-out FILE]
      Makes an Ed25519 key pair. The private key goes to FILE (default
      ~/.helpdesk-vendor/licence-private.pem, mode 600, never overwritten) and must never
      enter the repository; the public key is printed, or written to --public-out
      (release builds read it from backend/licence-public-key.pem).

  npm run licence -- issue --key FILE --licensee NAME --email EMAIL --seats N
                           --updates-until YYYY-MM-DD [--id ID] [--issued YYYY-MM-DD]
                           [--features a,b]
      Prints a signed licence.

  npm run licence -- inspect LICENCE [--public-key FILE]
      Verifies a licence (against this build's public key unless --public-key is given)
      and prints what it grants this build.
`;

class UsageError extends Error {}

const today = () => new Date().toISOString().slice(0, 10);

function keygen(args: string[]) {
  const { values } = parseArgs({ args, options: { out: { type: 'string' }, 'public-out': { type: 'string' } } });
  const out = path.resolve(values.out ?? path.join(homedir(), '.helpdesk-vendor', 'licence-private.pem'));
  if (existsSync(out)) throw new UsageError(`${out} already exists; refusing to overwrite a signing key`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
  writeFileSync(out, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  process.stderr.write(`private key written to ${out}: keep it secret and out of the repository\n`);
  if (values['public-out']) {
    writeFileSync(values['public-out'], publicPem);
    process.stderr.write(`public key written to ${values['public-out']}\n`);
  } else {
    process.stdout.write(publicPem);
  }
}

function issue(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      key: { type: 'string' },
      licensee: { type: 'string' },
      email: { type: 'string' },
      seats: { type: 'string' },
      'updates-until': { type: 'string' },
      id: { type: 'string' },
      issued: { type: 'string' },
      features: { type: 'string' },
    },
  });
  const missing = ['key', 'licensee', 'email', 'seats', 'updates-until'].filter(
    (k) => !values[k as keyof typeof values],
  );
  if (missing.length) throw new UsageError(`issue needs --${missing.join(', --')}`);
  const seats = Number(values.seats);
  const licence = issueLicence(
    {
      id: values.id ?? `lic-${randomBytes(6).toString('hex')}`,
      licensee: { name: values.licensee!, email: values.email! },
      seats,
      issued: values.issued ?? today(),
      updatesUntil: values['updates-until']!,
      features: values.features
        ? values.features
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean)
        : [],
    },
    privateKeyFromPem(readFileSync(values.key!, 'utf8')),
  );
  process.stdout.write(`${licence}\n`);
}

function inspect(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'public-key': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new UsageError('inspect needs exactly one licence');
  const publicKey = values['public-key']
    ? publicKeyFromPem(readFileSync(values['public-key'], 'utf8'))
    : readVendorPublicKey();
  const payload = verifyLicence(positionals[0], publicKey);
  const release = readRelease();
  const state = evaluateLicence(positionals[0], null, publicKey, release);
  process.stdout.write(
    `${JSON.stringify({ ...payload, forThisBuild: { ...release, status: state.status, seats: state.seatLimit, notice: state.notice } }, null, 2)}\n`,
  );
}

export function runLicenceCli(argv: string[]): number {
  const [command, ...args] = argv;
  try {
    if (command === 'keygen') keygen(args);
    else if (command === 'issue') issue(args);
    else if (command === 'inspect') inspect(args);
    else {
      process.stdout.write(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
    }
    return 0;
  } catch (e) {
    process.stderr.write(`licence: ${(e as Error).message}\n`);
    return e instanceof UsageError || e instanceof InvalidLicenceError ? 2 : 1;
  }
}

if (require.main === module) process.exitCode = runLicenceCli(process.argv.slice(2));
