import { promises as dns } from 'node:dns';

/**
 * Asks DNS for `rrtype` records of `name`: MX answers `{ exchange, priority }` objects, TXT
 * answers arrays of strings (as Node's resolver does). Rejects with `ENOTFOUND`/`ENODATA`
 * when there are none. Tests pass one answering from a zone of their own.
 */
export type DnsLookup = (name: string, rrtype: 'MX' | 'TXT') => Promise<unknown[]>;

export type DnsResult = 'found' | 'missing' | 'unknown';

/** One record's check: found, missing, or "could not check" (DNS unreachable, timed out). */
export interface DnsRecordCheck {
  result: DnsResult;
  /** What was found (the MX hosts, the TXT record), or why it is missing or unknown. */
  detail: string | null;
}

export interface DomainDnsCheck {
  domain: string;
  mx: DnsRecordCheck;
  spf: DnsRecordCheck;
  dkim: DnsRecordCheck;
  dmarc: DnsRecordCheck;
}

/** The system's resolvers: one try per query within `timeoutMs`. */
export function systemDnsLookup(timeoutMs: number): DnsLookup {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<unknown[]>;
}

const NO_RECORDS = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/** One query, within `timeoutMs` whatever the resolver does: records, `missing`, or `unknown`. */
async function ask(
  lookup: DnsLookup,
  name: string,
  rrtype: 'MX' | 'TXT',
  timeoutMs: number,
): Promise<{ records: unknown[] } | { missing: true } | { unknown: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEOUT' })), timeoutMs);
  });
  try {
    const records = await Promise.race([lookup(name, rrtype), timeout]);
    return records.length ? { records } : { missing: true };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code && NO_RECORDS.has(err.code)) return { missing: true };
    return { unknown: `could not check: ${err.code ?? err.message}` };
  } finally {
    clearTimeout(timer);
  }
}

const txt = (records: unknown[]) => records.map((r) => (Array.isArray(r) ? r.join('') : String(r)));

/** A TXT check: the first record that `matches`, else missing (with `missingDetail`). */
async function txtCheck(
  lookup: DnsLookup,
  name: string,
  matches: (record: string) => boolean,
  missingDetail: string,
  timeoutMs: number,
): Promise<DnsRecordCheck> {
  const answer = await ask(lookup, name, 'TXT', timeoutMs);
  if ('unknown' in answer) return { result: 'unknown', detail: answer.unknown };
  const found = 'records' in answer ? txt(answer.records).find(matches) : undefined;
  return found ? { result: 'found', detail: found } : { result: 'missing', detail: missingDetail };
}

/**
 * Advisory DNS checks of a mailbox domain: MX records (mail for it reaches somewhere), SPF
 * (v=spf1 at the domain), DMARC (v=DMARC1 at _dmarc) and, when we sign for the domain,
 * our DKIM selector's key. Never throws: an unreachable DNS answers "could not check".
 */
export async function checkDomainDns(
  domain: string,
  lookup: DnsLookup,
  dkimSelector: string | null,
  timeoutMs = 3000,
): Promise<DomainDnsCheck> {
  const [mxAnswer, spf, dmarc, dkim] = await Promise.all([
    ask(lookup, domain, 'MX', timeoutMs),
    txtCheck(lookup, domain, (r) => /^v=spf1\b/i.test(r), 'no SPF record (v=spf1 …)', timeoutMs),
    txtCheck(lookup, `_dmarc.${domain}`, (r) => /^v=DMARC1\b/i.test(r), 'no DMARC record at _dmarc', timeoutMs),
    dkimSelector
      ? txtCheck(
          lookup,
          `${dkimSelector}._domainkey.${domain}`,
          (r) => /(^|;)\s*p=\S/.test(r),
          `no DKIM key published at ${dkimSelector}._domainkey.${domain}`,
          timeoutMs,
        )
      : Promise.resolve<DnsRecordCheck>({
          result: 'missing',
          detail: 'no DKIM key is set here (your relay may sign for you)',
        }),
  ]);
  let mx: DnsRecordCheck;
  if ('unknown' in mxAnswer) mx = { result: 'unknown', detail: mxAnswer.unknown };
  else if ('missing' in mxAnswer) mx = { result: 'missing', detail: 'no MX records: mail to this domain goes nowhere' };
  else {
    const hosts = mxAnswer.records
      .map((r) => (typeof r === 'string' ? r : String((r as { exchange?: string }).exchange ?? '')))
      .filter((h) => h && h !== '.');
    mx = hosts.length
      ? { result: 'found', detail: hosts.join(', ') }
      : { result: 'missing', detail: 'a null MX record: this domain accepts no mail' };
  }
  return { domain, mx, spf, dkim, dmarc };
}
