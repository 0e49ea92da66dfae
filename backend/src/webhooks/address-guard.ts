import * as ipaddr from 'ipaddr.js';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/**
 * Whether an address is on the public internet: not loopback, private (RFC 1918, fc00::/7),
 * link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved or
 * unspecified. IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
 * Ranges from ipaddr.js.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let a = ipaddr.parse(address);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  return a.range() === 'unicast';
}

export class AddressRefused extends Error {}

const WEBHOOKS_SETTING = 'HELPDESK_WEBHOOKS_ALLOW_PRIVATE=true';

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http(s).request that resolves the host and hands the socket only an
 * address it checked, so the address connected to is the address judged: a DNS answer
 * that changes between a check and the connection (DNS rebinding) cannot slip a private
 * address in. Refuses hosts with no public address unless `allowPrivate`; `allowedBy`
 * names the setting that would allow them (the image proxy has its own).
 */
export function guardedLookup(allowPrivate: boolean, allowedBy = WEBHOOKS_SETTING) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
      if (err) return callback(err, '');
      const usable = allowPrivate ? addresses : addresses.filter((a) => isPublicAddress(a.address));
      if (!usable.length) {
        const seen = addresses.map((a) => a.address).join(', ');
        return callback(
          new AddressRefused(
            `refused: ${hostname} resolves to ${seen || 'nothing'}, not a public address (${allowedBy} allows it)`,
          ),
          '',
        );
      }
      if (options.all) return callback(null, usable);
      callback(null, usable[0].address, usable[0].family);
    });
  };
}

/** A URL whose host is an address literal is judged here (no lookup happens for it). */
export function literalAddressProblem(url: URL, allowPrivate: boolean, allowedBy = WEBHOOKS_SETTING): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!isIP(host) || allowPrivate || isPublicAddress(host)) return null;
  return `refused: ${host} is not a public address (${allowedBy} allows it)`;
}
