import { Inject, Injectable } from '@nestjs/common';
import { LicenceService } from '../licence/licence.service';
import { MailboxesService } from '../mail-in/mailboxes/mailboxes.service';
import { DkimKeysService } from '../mail-out/dkim/dkim-keys.service';
import { MailOutStatusView } from '../mail-out/health/mail-out-status.view';
import { RelayHealthService } from '../mail-out/health/relay-health.service';
import { checkDomainDns, DnsLookup, DomainDnsCheck } from './dns-check';
import { SetupStepView, SetupView } from './setup.view';

/** The DNS lookup the checklist asks; tests give one answering from their own zone. */
export const DNS_LOOKUP = Symbol('DNS_LOOKUP');
/** A domain's DNS answers are kept this long: the checklist is polled, DNS changes slowly. */
const DNS_CACHE_MS = 60_000;
/** At most this many mailbox domains are checked. */
const MAX_DOMAINS = 10;

/**
 * The admins' setup checklist: a mailbox that receives, a way for mail to go out, the
 * mailbox domains' DNS (advisory) and the licence (optional). Each step is read from the
 * service that owns it; nothing here is stored.
 */
@Injectable()
export class SetupService {
  private readonly dnsCache = new Map<string, { at: number; check: Promise<DomainDnsCheck> }>();

  constructor(
    private readonly mailboxes: MailboxesService,
    private readonly health: RelayHealthService,
    private readonly dkim: DkimKeysService,
    private readonly licence: LicenceService,
    @Inject(DNS_LOOKUP) private readonly lookup: DnsLookup,
  ) {}

  /** Whether replies can go out now (every agent may ask). */
  mailOut(): Promise<MailOutStatusView> {
    return this.health.status();
  }

  async checklist(): Promise<SetupView> {
    const [mailboxes, mailOut, keys, licence] = await Promise.all([
      this.mailboxes.list(),
      this.health.status(),
      this.dkim.list(),
      this.licence.view(),
    ]);
    const active = mailboxes.items.filter((m) => m.active);
    const selectors = new Map(keys.map((k) => [k.domain.toLowerCase(), k.selector]));
    const domains = [
      ...new Set(
        active.flatMap((m) => [m.address, m.outboundFrom ?? m.address]).map((a) => a.split('@').pop()!.toLowerCase()),
      ),
    ]
      .filter(Boolean)
      .slice(0, MAX_DOMAINS);
    const checks = await Promise.all(domains.map((d) => this.dns(d, selectors.get(d) ?? null)));

    const steps: SetupStepView[] = [];
    const broken = active.filter((m) => m.source?.status === 'error');
    steps.push(
      !active.length
        ? { key: 'mailbox', status: 'todo', required: true, detail: 'Add a mailbox: the address customers write to' }
        : broken.length
          ? {
              key: 'mailbox',
              status: 'failing',
              required: true,
              detail: broken
                .map((m) => `${m.address}: fetching fails (${m.source?.lastError ?? 'unknown error'})`)
                .join('; '),
            }
          : { key: 'mailbox', status: 'done', required: true, detail: active.map((m) => m.address).join(', ') },
    );

    const waiting = mailOut.waiting
      ? ` ${mailOut.waiting} mail${mailOut.waiting === 1 ? '' : 's'} wait${mailOut.waiting === 1 ? 's' : ''} in the outbox.`
      : '';
    steps.push(
      mailOut.problem === 'no_relay'
        ? { key: 'outgoing', status: 'todo', required: true, detail: `No relay is configured.${waiting}` }
        : mailOut.problem === 'relay_failing'
          ? {
              key: 'outgoing',
              status: 'failing',
              required: true,
              detail: `The relay fails: ${mailOut.lastError}.${waiting}`,
            }
          : { key: 'outgoing', status: 'done', required: true, detail: null },
    );

    steps.push(dnsStep(checks, selectors));

    steps.push(
      licence.status === 'licensed'
        ? { key: 'licence', status: 'done', required: false, detail: licence.licensee?.name ?? null }
        : licence.status === 'free'
          ? {
              key: 'licence',
              status: 'todo',
              required: false,
              detail: `No licence: the free tier's ${licence.seats} seats apply`,
            }
          : { key: 'licence', status: 'warning', required: false, detail: licence.notice },
    );

    return {
      ready: steps.every((s) => !s.required || s.status === 'done'),
      steps,
      mailOut,
      domains: checks,
    };
  }

  /** The domain's DNS checks, asked at most once a minute. */
  private dns(domain: string, selector: string | null): Promise<DomainDnsCheck> {
    const key = `${domain}|${selector ?? ''}`;
    const hit = this.dnsCache.get(key);
    if (hit && Date.now() - hit.at < DNS_CACHE_MS) return hit.check;
    const check = checkDomainDns(domain, this.lookup, selector);
    this.dnsCache.set(key, { at: Date.now(), check });
    return check;
  }
}

/**
 * The DNS step: advisory (never required). Missing MX, SPF, DMARC, or our DKIM key when we
 * sign for the domain, is a warning; a DNS that did not answer makes it unknown.
 */
function dnsStep(checks: DomainDnsCheck[], selectors: Map<string, string>): SetupStepView {
  if (!checks.length) return { key: 'dns', status: 'todo', required: false, detail: 'No mailbox domain to check yet' };
  const problems: string[] = [];
  let unknown = false;
  for (const c of checks) {
    const records = [c.mx, c.spf, c.dmarc, ...(selectors.has(c.domain) ? [c.dkim] : [])];
    if (records.some((r) => r.result === 'unknown')) unknown = true;
    const missing = records.filter((r) => r.result === 'missing').map((r) => r.detail);
    if (missing.length) problems.push(`${c.domain}: ${missing.join('; ')}`);
  }
  if (problems.length) return { key: 'dns', status: 'warning', required: false, detail: problems.join('. ') };
  if (unknown) return { key: 'dns', status: 'unknown', required: false, detail: 'DNS could not be checked from here' };
  return { key: 'dns', status: 'done', required: false, detail: null };
}
