import { BlockList, isIP } from 'node:net';

/**
 * Why `entry` is not an IP address or CIDR range (`10.0.0.0/8`, `2001:db8::/32`,
 * `192.0.2.7`), or null when it is one.
 */
export function relayRangeProblem(entry: string): string | null {
  const [address, prefix, ...rest] = entry.trim().split('/');
  const family = isIP(address);
  if (!family || rest.length) return `${JSON.stringify(entry)} is not an IP address or CIDR range`;
  if (prefix === undefined) return null;
  const bits = Number(prefix);
  const max = family === 4 ? 32 : 128;
  return /^\d+$/.test(prefix) && bits <= max ? null : `${JSON.stringify(entry)}: the prefix length must be 0 to ${max}`;
}

/**
 * Whether mail from `ip` came through a relay the admin trusts (one of `ranges`, each an
 * address or CIDR range; IPv4-mapped IPv6 addresses match IPv4 ranges). Mail through a
 * trusted relay counts as verified: that relay checked its senders (a front MTA, the
 * organisation's own mail server). Entries that are not ranges are ignored.
 */
export function isTrustedRelay(ip: string | null, ranges: readonly string[]): boolean {
  if (!ip || !isIP(ip) || !ranges.length) return false;
  const list = new BlockList();
  for (const entry of ranges) {
    if (relayRangeProblem(entry)) continue;
    const [address, prefix] = entry.trim().split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
}
