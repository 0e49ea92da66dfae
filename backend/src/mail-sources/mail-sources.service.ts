import { BadRequestException, Injectable } from '@nestjs/common';
import { Transactions } from '../database/transactions';
import { SecretKeyService } from '../secrets/secret-key.service';
import { MailSourcesRepository, SourceRow } from './mail-sources.repository';
import { SettingsInputError } from '../mail-providers/settings-reader';
import { parseSourceInput, SourceSecrets, sourceIdentity } from './source-settings';
import { MailSourceView, SourceFailureView, toSourceView } from './source.view';

/** The purpose the source secrets are sealed under (see secret-box.ts). */
const SEAL_PURPOSE = 'mail-source';
/** The purpose of the Graph clientState we generate per subscription. */
const PUSH_SEAL_PURPOSE = 'mail-source-push';

/**
 * A mailbox's source as admins manage it: validation, encrypted secrets, and how it reads
 * back (settings and health, never a secret).
 */
@Injectable()
export class MailSourcesService {
  constructor(
    private readonly repo: MailSourcesRepository,
    private readonly secretKey: SecretKeyService,
    private readonly transactions: Transactions,
  ) {}

  /** The sources of these mailboxes, by mailbox id (mailboxes without one are absent). */
  async viewsFor(mailboxIds: number[]): Promise<Map<number, MailSourceView>> {
    const rows = await this.repo.byMailboxes(mailboxIds);
    return new Map(rows.map((r) => [r.mailboxId, toSourceView(r)]));
  }

  /**
   * Sets (or with null removes) a mailbox's source. A source pointing elsewhere than before
   * (another server, account or folder) starts afresh; an edit keeps where fetching stands.
   * @throws BadRequestException naming each bad field (`source.host`, …).
   */
  async set(mailboxId: number, input: unknown): Promise<void> {
    if (input === null) return this.repo.removeByMailbox(mailboxId);
    const [current] = await this.repo.byMailboxes([mailboxId]);
    const previous = current ? { settings: current.settings, secrets: this.openSecrets(current) } : undefined;
    let parsed;
    try {
      parsed = parseSourceInput(input, previous);
    } catch (e) {
      if (e instanceof SettingsInputError) throw new BadRequestException({ message: e.message, fields: e.fields });
      throw e;
    }
    const secrets = this.sealSecrets(mailboxId, parsed.secrets);
    if (current && sourceIdentity(current.settings) === sourceIdentity(parsed.settings))
      await this.repo.update(current.id, { enabled: parsed.enabled, settings: parsed.settings, secrets });
    else
      await this.transactions.run((tx) =>
        this.repo.replace(tx, mailboxId, { type: parsed.settings.type, ...parsed, secrets }),
      );
  }

  async failures(mailboxId: number): Promise<SourceFailureView[]> {
    const rows = await this.repo.failures(mailboxId, 200);
    return rows.map((r) => ({
      ...r,
      firstFailedAt: r.firstFailedAt.toISOString(),
      lastFailedAt: r.lastFailedAt.toISOString(),
    }));
  }

  sealSecrets(mailboxId: number, secrets: SourceSecrets): Buffer {
    return this.secretKey.sealForRow(SEAL_PURPOSE, String(mailboxId), Buffer.from(JSON.stringify(secrets), 'utf8'));
  }

  /** Seals the clientState of a source's Graph subscription (never shown, compared in constant time). */
  sealPush(mailboxId: number, clientState: string): Buffer {
    return this.secretKey.sealForRow(PUSH_SEAL_PURPOSE, String(mailboxId), Buffer.from(clientState, 'utf8'));
  }

  /** @throws Error when the secret key changed since it was stored (the fetcher makes a new subscription). */
  openPush(mailboxId: number, sealed: Buffer): string {
    return this.secretKey.openForRow(PUSH_SEAL_PURPOSE, String(mailboxId), sealed).toString('utf8');
  }

  /** @throws Error when the secret key changed since they were stored (the admin enters them again). */
  openSecrets(row: Pick<SourceRow, 'mailboxId' | 'secrets'>): SourceSecrets {
    if (!row.secrets) return {};
    return JSON.parse(this.secretKey.openForRow(SEAL_PURPOSE, String(row.mailboxId), row.secrets).toString('utf8'));
  }
}
