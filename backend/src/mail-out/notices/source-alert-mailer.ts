import { Injectable } from '@nestjs/common';
import { Transactions } from '../../database/transactions';
import type { SourceAlerts, SourceFailingNotice } from '../../mail-sources/source-ports';
import { OutboxService } from '../outbox/outbox.service';

/**
 * Tells admins by mail that a mailbox source fails (the fetcher calls this once per outage),
 * through the outbox like every other mail: template `admin_source_failing`, one mail per
 * active admin, sent by the worker with the outbox's retries and caps.
 */
@Injectable()
export class SourceAlertMailer implements SourceAlerts {
  constructor(
    private readonly transactions: Transactions,
    private readonly outbox: OutboxService,
  ) {}

  async sourceFailing(n: SourceFailingNotice): Promise<void> {
    const ids = await this.transactions.run((tx) =>
      this.outbox.queueAdminNotice(tx, {
        kind: 'admin_source_failing',
        mailboxId: n.mailboxId,
        values: {
          'mailbox.address': n.mailboxAddress,
          'source.type': SOURCE_NAMES[n.sourceType] ?? n.sourceType,
          'source.error': n.error,
          'source.since': n.since.toISOString(),
          'source.lastFetchedAt': n.lastFetchedAt?.toISOString() ?? 'never',
        },
      }),
    );
    await this.outbox.dispatch(ids);
  }
}

const SOURCE_NAMES: Record<string, string> = { imap: 'IMAP', microsoft365: 'Microsoft 365', gmail: 'Gmail' };
