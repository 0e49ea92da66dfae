import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { SecretKeyService } from '../../secrets/secret-key.service';
import { DkimKeyRow, DkimKeysRepository } from './dkim-keys.repository';
import { DkimKeyView, SetDkimKeyDto } from './dkim.view';

/** The purpose DKIM private keys are sealed under (see secret-box.ts); the context is the domain. */
const SEAL_PURPOSE = 'dkim-key';
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** A key to sign with, as the sender reads it with the outbox row (sealed). */
export interface DkimSigningKey {
  domain: string;
  selector: string;
  sealed: Buffer;
}

/**
 * DKIM keys per sending domain (RFC 6376): set by admins (a PEM from a Secret, or generated
 * here), shown with the DNS record to publish, and used to sign mail sent through the relay
 * and SMTP transports (Microsoft 365 and Gmail sign with the domain's own keys there).
 */
@Injectable()
export class DkimKeysService {
  constructor(
    private readonly repo: DkimKeysRepository,
    private readonly secretKey: SecretKeyService,
  ) {}

  async list(): Promise<DkimKeyView[]> {
    return (await this.repo.list()).map(toView);
  }

  /** The key of `domain` as admins see it, or null when it has none. */
  async find(domain: string): Promise<DkimKeyView | null> {
    const row = await this.repo.find(domain.trim().toLowerCase());
    return row ? toView(row) : null;
  }

  /**
   * Sets the key of `domain`: the PEM given, or a new RSA 2048 key.
   * @throws BadRequestException for a bad domain or a key that is not RSA (>= 1024 bits) or Ed25519.
   */
  async set(domainInput: string, dto: SetDkimKeyDto): Promise<DkimKeyView> {
    const domain = domainInput.trim().toLowerCase();
    if (!DOMAIN.test(domain))
      throw new BadRequestException({
        message: 'domain must be a domain name',
        fields: { domain: ['is not a domain'] },
      });
    let key: KeyObject;
    if (dto.privateKey === undefined) {
      key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    } else {
      try {
        key = createPrivateKey(dto.privateKey);
      } catch {
        throw badKey('must be an unencrypted PEM private key');
      }
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (key.asymmetricKeyType === 'rsa' && bits < 1024)
        throw badKey(`RSA keys need at least 1024 bits (this has ${bits})`);
      if (!['rsa', 'ed25519'].includes(key.asymmetricKeyType ?? '')) throw badKey('must be an RSA or Ed25519 key');
    }
    const pem = key.export({ type: 'pkcs8', format: 'pem' }).toString();
    await this.repo.upsert(domain, {
      selector: dto.selector.toLowerCase(),
      privateKey: this.secretKey.sealForRow(SEAL_PURPOSE, domain, Buffer.from(pem)),
      publicKey: publicKeyRecord(key),
    });
    return toView((await this.repo.find(domain))!);
  }

  async remove(domain: string): Promise<void> {
    if (!(await this.repo.delete(domain.trim().toLowerCase())))
      throw new NotFoundException(`No DKIM key for ${domain}`);
  }

  /**
   * Puts a DKIM-Signature (relaxed/relaxed, the signer's default header list) in front of the
   * message. @throws Error when the key does not open (the secret key changed) or signing fails.
   */
  async sign(raw: Buffer, key: DkimSigningKey): Promise<Buffer> {
    const privateKey = this.secretKey.openForRow(SEAL_PURPOSE, key.domain, key.sealed).toString();
    const { signatures, errors } = await dkimSign(raw, {
      canonicalization: 'relaxed/relaxed',
      signatureData: [{ signingDomain: key.domain, selector: key.selector, privateKey }],
    });
    if (errors.length || !signatures.trim())
      throw new Error(`DKIM signing for ${key.domain} failed: ${errors.map((e) => e.err.message).join('; ')}`);
    return Buffer.concat([Buffer.from(signatures), raw]);
  }
}

const badKey = (problem: string) =>
  new BadRequestException({ message: `privateKey ${problem}`, fields: { privateKey: [problem] } });

/**
 * The `p=` value (RFC 6376 3.6.1): the SubjectPublicKeyInfo (DER, base64) of an RSA key; the raw
 * 32-byte public key of an Ed25519 one (RFC 8463 section 4).
 */
function publicKeyRecord(key: KeyObject): string {
  const pub = createPublicKey(key);
  if (key.asymmetricKeyType === 'ed25519')
    return `v=DKIM1; k=ed25519; p=${Buffer.from(pub.export({ format: 'jwk' }).x!, 'base64url').toString('base64')}`;
  return `v=DKIM1; k=rsa; p=${pub.export({ type: 'spki', format: 'der' }).toString('base64')}`;
}

function toView(r: DkimKeyRow): DkimKeyView {
  return {
    domain: r.domain,
    selector: r.selector,
    algorithm: /k=ed25519/.test(r.publicKey) ? 'ed25519' : 'rsa',
    dnsName: `${r.selector}._domainkey.${r.domain}`,
    dnsValue: r.publicKey,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
