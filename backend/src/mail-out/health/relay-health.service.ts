import { ConflictException, Injectable } from '@nestjs/common';
import MailComposer from 'nodemailer/lib/mail-composer';
import { ShortCache } from '../../common/short-cache';
import { LOOP_HEADER } from '../../mail/loop-header';
import { SecretKeyService } from '../../secrets/secret-key.service';
import { SettingsRepository } from '../../settings/settings.repository';
import { OutboxRepository, RelayAttemptRow } from '../outbox/outbox.repository';
import { OutboxService } from '../outbox/outbox.service';
import { SendFailure, SmtpTransport } from '../transports/mail-transport';
import { MailOutProblem, MailOutStatusView, RelayTestResultView } from './mail-out-status.view';
import { RelaySettingsService } from '../relay/relay-settings.service';
import { maskRelayUrl } from '../relay/relay-url';

/** The `settings` key of the latest test mail's outcome. */
export const RELAY_TEST_SETTING = 'smtp_relay_test';
/** Waiting mail is counted up to this many. */
const WAITING_LIMIT = 10_000;
/** The latest relay attempt is looked for among this many newest outbox rows. */
const RECENT_ROWS = 200;
/** SMTP answers that refuse one recipient, not the relay itself: they do not make the relay "failing". */
const RECIPIENT_REFUSAL = /^55[0-3]\b/;

/** The latest test mail, as stored (and as the audit log records it). */
export interface StoredTest {
  to: string;
  ok: boolean;
  error: string | null;
  at: string;
}

/**
 * Whether mail can go out, for the banner agents see and the admins' setup checklist: no
 * relay while a mailbox needs one, or a relay whose latest send (or test mail) failed since
 * it was saved; with what waits in the outbox. Read at most every 5 s (every open ticket page asks).
 * Also sends an admin's test mail through the relay, whose outcome counts as its latest send.
 */
@Injectable()
export class RelayHealthService {
  private readonly cache = new ShortCache<MailOutStatusView>(5000);

  constructor(
    private readonly relay: RelaySettingsService,
    private readonly outboxRows: OutboxRepository,
    private readonly outbox: OutboxService,
    private readonly settings: SettingsRepository,
    private readonly secrets: SecretKeyService,
  ) {}

  status(): Promise<MailOutStatusView> {
    return this.cache.get(() => this.read());
  }

  private async read(): Promise<MailOutStatusView> {
    const [relay, needed, waiting, attempt, test] = await Promise.all([
      this.relay.current(),
      this.outboxRows.relayNeeded(),
      this.outboxRows.waiting(WAITING_LIMIT),
      this.outboxRows.lastRelayAttempt(RECENT_ROWS),
      this.settings.get<StoredTest>(RELAY_TEST_SETTING),
    ]);
    let problem: MailOutProblem | null = null;
    let failure: { error: string; at: Date } | null = null;
    if (!relay.url && needed) problem = 'no_relay';
    else if (relay.url) {
      failure = latestFailure(attempt, test, relay.savedAt);
      if (failure) problem = 'relay_failing';
    }
    return {
      canSend: problem === null,
      problem,
      lastError: failure?.error ?? null,
      failingSince: failure?.at.toISOString() ?? null,
      waiting: waiting.total,
      waitingReplies: waiting.replies,
      oldestWaitingAt: waiting.oldest_at ? new Date(waiting.oldest_at).toISOString() : null,
      waitingReason: waiting.reason,
    };
  }

  /** Forgets the answer kept: the relay was just changed. */
  forget(): void {
    this.cache.clear();
  }

  /** The latest test mail's outcome, if one was sent. */
  async lastTest(): Promise<StoredTest | null> {
    return (await this.settings.get<StoredTest>(RELAY_TEST_SETTING)) ?? null;
  }

  /**
   * Sends a short test mail to `to` through the relay now (one connection, not the workers'
   * pool) and answers what the relay said. A refusal is an answer, not an error of this call.
   * @throws ConflictException when no relay is configured.
   */
  async sendTest(to: string): Promise<RelayTestResultView> {
    const relay = await this.relay.current();
    if (!relay.url) throw new ConflictException('No relay is configured: save one first');
    const from = await this.outbox.defaultSender();
    const raw = await new MailComposer({
      from: { name: from.name || 'Help desk', address: from.address },
      to,
      subject: 'Test mail from your help desk',
      text:
        'This is a test mail sent from the help desk admin area through the outbound relay.\n' +
        'It arrived, so replies to customers can go out the same way.\n',
      headers: {
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
        [LOOP_HEADER]: this.secrets.mac('loop', 'instance'),
      },
    })
      .compile()
      .build();
    const transport = SmtpTransport.relayProbe(relay.url);
    const at = new Date();
    let result: { ok: boolean; response: string | null; error: string | null };
    try {
      const sent = await transport.send(raw, { from: from.address, to: [to] });
      result = sent.rejected.length
        ? { ok: false, response: sent.response || null, error: `the relay refused ${sent.rejected.join(', ')}` }
        : { ok: true, response: sent.response || null, error: null };
    } catch (e) {
      const message = (e instanceof SendFailure ? e.message : (e as Error).message).slice(0, 1000);
      result = { ok: false, response: e instanceof SendFailure ? e.response : null, error: message };
    } finally {
      transport.close();
    }
    const stored: StoredTest = { to, ok: result.ok, error: result.error, at: at.toISOString() };
    await this.settings.set(RELAY_TEST_SETTING, stored);
    this.cache.clear();
    return { ...result, relay: maskRelayUrl(relay.url), from: from.address, at: at.toISOString() };
  }
}

/**
 * The relay's failure, when the latest of its real sends and its test mail failed after the
 * relay was saved (an older failure was the previous relay's). A refusal of one recipient is no failure of the relay.
 */
function latestFailure(
  attempt: RelayAttemptRow | undefined,
  test: StoredTest | undefined,
  savedAt: Date | null,
): { error: string; at: Date } | null {
  const events: { ok: boolean; error: string; at: Date }[] = [];
  if (attempt) {
    const answer = attempt.relay_response ?? '';
    const ok = attempt.status === 'sent' || (attempt.status === 'failed' && RECIPIENT_REFUSAL.test(answer));
    events.push({ ok, error: attempt.reason ?? answer, at: new Date(attempt.updated_at) });
  }
  if (test) events.push({ ok: test.ok, error: test.error ?? '', at: new Date(test.at) });
  const latest = events.filter((e) => !savedAt || e.at >= savedAt).sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  return latest && !latest.ok ? { error: latest.error, at: latest.at } : null;
}
