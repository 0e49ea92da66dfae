import { BadRequestException, Injectable } from '@nestjs/common';
import type { ProviderSecrets } from '../../mail-providers/credentials';
import { SettingsInputError } from '../../mail-providers/settings-reader';
import { SecretKeyService } from '../../secrets/secret-key.service';
import { MailTransportsRepository, TransportRow } from './mail-transports.repository';
import { parseTransportInput } from './transport-settings';
import { MailTransportView, toTransportView } from './transport.view';

/** The purpose the transport secrets are sealed under (see secret-box.ts). */
const SEAL_PURPOSE = 'mail-transport';

/**
 * A mailbox's transport as admins manage it: validation, sealed secrets (write-only), and how
 * it reads back (settings, never a secret).
 */
@Injectable()
export class MailTransportsService {
  constructor(
    private readonly repo: MailTransportsRepository,
    private readonly secretKey: SecretKeyService,
  ) {}

  /** The transports of these mailboxes, by mailbox id (mailboxes sending through the relay are absent). */
  async viewsFor(mailboxIds: number[]): Promise<Map<number, MailTransportView>> {
    const rows = await this.repo.byMailboxes(mailboxIds);
    return new Map(rows.map((r) => [r.mailboxId, toTransportView(r.settings)]));
  }

  /**
   * Sets (or with null removes: the relay again) a mailbox's transport. Secrets left out are
   * kept from the stored transport of the same type and method.
   * @throws BadRequestException naming each bad field (`transport.host`, …).
   */
  async set(mailboxId: number, input: unknown): Promise<void> {
    if (input === null) return this.repo.remove(mailboxId);
    const [current] = await this.repo.byMailboxes([mailboxId]);
    let parsed;
    try {
      parsed = parseTransportInput(
        input,
        current && { settings: current.settings, secrets: this.openSecretsOrNone(current) },
      );
    } catch (e) {
      if (e instanceof SettingsInputError) throw new BadRequestException({ message: e.message, fields: e.fields });
      throw e;
    }
    await this.repo.upsert(mailboxId, {
      type: parsed.settings.type,
      settings: parsed.settings,
      secrets: this.seal(mailboxId, parsed.secrets),
    });
  }

  /**
   * Stores secrets a provider changed (a rotated refresh token), sealed, without counting it as
   * a change of settings; nothing when the transport changed meanwhile (`version`).
   */
  async storeRotated(mailboxId: number, version: number, secrets: ProviderSecrets): Promise<void> {
    await this.repo.updateSecrets(mailboxId, version, this.seal(mailboxId, secrets));
  }

  private seal(mailboxId: number, secrets: ProviderSecrets): Buffer {
    return this.secretKey.sealForRow(SEAL_PURPOSE, String(mailboxId), Buffer.from(JSON.stringify(secrets)));
  }

  /** @throws Error when the secret key changed since they were stored (the admin enters them again). */
  openSecrets(row: Pick<TransportRow, 'mailboxId' | 'secrets'>): ProviderSecrets {
    if (!row.secrets) return {};
    return JSON.parse(this.secretKey.openForRow(SEAL_PURPOSE, String(row.mailboxId), row.secrets).toString('utf8'));
  }

  /** Stored secrets that no longer open (another secret key) count as none: the admin gives them again. */
  private openSecretsOrNone(row: TransportRow): ProviderSecrets {
    try {
      return this.openSecrets(row);
    } catch {
      return {};
    }
  }
}
