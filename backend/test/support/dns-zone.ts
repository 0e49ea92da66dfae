import type { DNSResolver } from 'mailauth';

/**
 * A DNS zone defined in a test, answering the way Node's resolver does (TXT records as
 * arrays of strings; ENOTFOUND for a name with no records of the type), so mailauth
 * verifies SPF, DKIM, DMARC and ARC without a network. Keys are `TYPE:name`.
 */
export class TestZone {
  /** Every question asked, in order. */
  readonly asked: string[] = [];

  constructor(private readonly records: Record<string, string[]>) {}

  readonly resolver: DNSResolver = async (domain, rrtype) => {
    const key = `${rrtype.toUpperCase()}:${domain.toLowerCase().replace(/\.$/, '')}`;
    this.asked.push(key);
    const found = this.records[key];
    if (!found) throw Object.assign(new Error(`queryTxt ENOTFOUND ${domain}`), { code: 'ENOTFOUND' });
    return rrtype.toUpperCase() === 'TXT' ? found.map((r) => [r]) : found;
  };
}
