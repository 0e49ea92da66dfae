import { authenticate, type AuthenticateResult, type DNSResolver } from 'mailauth';
import { promises as dns } from 'node:dns';

/** RFC 8601 result keywords, as mailauth reports them. */
export type AuthVerdict = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'temperror' | 'permerror' | 'policy';

/** What sender verification found for one message, as stored with its spool row. */
export interface SenderAuth {
  /** SPF (RFC 7208) for the envelope sender (or the HELO name of a null sender) and the client IP. */
  spf: AuthVerdict;
  /** DKIM (RFC 6376): `pass` when any signature verifies, else the first signature's result, `none` unsigned. */
  dkim: AuthVerdict;
  /** DMARC (RFC 7489): `pass` only when SPF or DKIM passed for a domain aligned with From. */
  dmarc: AuthVerdict;
  /** ARC (RFC 8617): the chain's validation, `none` without one. */
  arc: AuthVerdict;
  /** The RFC 5322 From domain DMARC judged, when there was exactly one. */
  fromDomain: string | null;
  /** The Authentication-Results header (RFC 8601) for this receipt, for audit and display. */
  results: string;
}

export interface VerifyEnvelope {
  /** The SMTP client's address (after PROXY protocol, the real one). */
  ip: string;
  /** The EHLO/HELO name. */
  helo: string | null;
  /** MAIL FROM; '' for the null reverse-path. */
  sender: string;
}

export interface VerifyOptions {
  resolver: DNSResolver;
  /** Our host name, named in Authentication-Results. */
  mta: string;
  /** The whole verification, DNS included, ends within this (milliseconds). */
  timeoutMs: number;
}

const VERDICTS = new Set<AuthVerdict>([
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
]);
const verdict = (v: string | undefined): AuthVerdict =>
  v === 'temperr' ? 'temperror' : VERDICTS.has(v as AuthVerdict) ? (v as AuthVerdict) : 'none';

/** What a receipt stores when verification could not finish in time: nothing is known, try-again-later results. */
export const timedOut = (timeoutMs: number): SenderAuth => ({
  spf: 'temperror',
  dkim: 'temperror',
  dmarc: 'temperror',
  arc: 'temperror',
  fromDomain: null,
  results: `none; timed out after ${timeoutMs} ms`,
});

/**
 * Verifies SPF, DKIM, DMARC and ARC of one received message with mailauth. Never throws
 * and never takes longer than `timeoutMs`: when DNS does not answer in time, every result
 * is `temperror` (RFC 8601 2.7: a transient error), which no rule reads as a pass. BIMI is
 * off (it fetches logos over HTTPS). Nothing here refuses mail: the verdict is stored and
 * later rules decide (a customer's mail failing SPF is still a customer's mail).
 */
export async function verifySender(raw: Buffer, envelope: VerifyEnvelope, opts: VerifyOptions): Promise<SenderAuth> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), opts.timeoutMs);
  });
  try {
    const result = await Promise.race([
      authenticate(raw, {
        ip: envelope.ip,
        helo: envelope.helo ?? undefined,
        sender: envelope.sender || undefined,
        mta: opts.mta,
        resolver: opts.resolver,
        disableBimi: true,
      }).catch(() => null),
      deadline,
    ]);
    return result ? summarise(result) : timedOut(opts.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function summarise(r: AuthenticateResult): SenderAuth {
  const dkim = r.dkim?.results ?? [];
  const dmarc = r.dmarc || null;
  return {
    spf: verdict(r.spf ? r.spf.status.result : 'none'),
    dkim: dkim.some((d) => d.status.result === 'pass') ? 'pass' : verdict(dkim[0]?.status.result ?? 'none'),
    dmarc: verdict(dmarc ? dmarc.status.result : 'none'),
    arc: verdict(r.arc ? r.arc.status.result : 'none'),
    fromDomain: dmarc?.domain ?? null,
    results: (/^Authentication-Results:\s*([\s\S]*?)\r?\n(?![ \t])/im.exec(r.headers)?.[1] ?? '').replace(
      /\r?\n[ \t]+/g,
      ' ',
    ),
  };
}

/** Answers kept by {@link cachingResolver}; failures that say "no such record" are kept too. */
interface CacheEntry {
  expires: number;
  answer: Promise<string[][] | string[]>;
}

/**
 * The DNS resolver sender verification uses: the system's resolvers with a per-query
 * timeout and one try (a slow DNS must not hold the 250 back), behind a small in-process
 * cache, so mail from one domain costs its lookups once, as a local caching resolver would
 * make it: 5 minutes for answers, 1 minute for "no such record" (RFC 2308 negative
 * caching), 30 seconds for timeouts and server failures, so that while DNS is down every
 * message is not held for the whole timeout again (it gets `temperror` at once).
 */
export function cachingResolver(
  queryTimeoutMs: number,
  maxEntries = 5000,
  lookup: DNSResolver = systemResolver(queryTimeoutMs),
  now: () => number = Date.now,
): DNSResolver {
  const cache = new Map<string, CacheEntry>();
  return (domain, rrtype) => {
    const key = `${rrtype}:${domain.toLowerCase()}`;
    const hit = cache.get(key);
    if (hit && hit.expires > now()) return hit.answer;
    const answer = lookup(domain, rrtype);
    const entry: CacheEntry = { expires: now() + 300_000, answer };
    cache.delete(key);
    cache.set(key, entry);
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
    answer.catch((e: NodeJS.ErrnoException) => {
      entry.expires = now() + (e.code === 'ENOTFOUND' || e.code === 'ENODATA' ? 60_000 : 30_000);
    });
    return answer;
  };
}

/** The system's DNS servers, one try per query, each within `timeoutMs`. */
function systemResolver(timeoutMs: number): DNSResolver {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  return (domain, rrtype) => resolver.resolve(domain, rrtype) as Promise<string[][] | string[]>;
}
