import { randomBytes } from 'node:crypto';
import { isIP, Socket } from 'node:net';
import { Command, IPv4ProxyAddress, IPv6ProxyAddress, V1ProxyProtocol, V2ProxyProtocol } from 'proxy-protocol-js';
import { SMTPServer } from 'smtp-server';

/** The client a PROXY header names; undefined fields: keep the socket's own (LOCAL, UNKNOWN, UNIX). */
export interface ProxiedPeer {
  remoteAddress?: string;
  remotePort?: number;
}

/** The 12-byte signature that starts a v2 header (PROXY protocol spec, section 2.2). */
const V2_SIGNATURE = Buffer.from('0d0a0d0a000d0a515549540a', 'hex');
const V1_PREFIX = Buffer.from('PROXY ');
/** A v1 line is at most 107 bytes with its CRLF (spec, section 2.1). */
const V1_MAX = 107;
/** 16 fixed bytes plus addresses and TLVs; load balancers send a few hundred at most (AWS: VPC endpoint id). */
const V2_MAX = 16 + 2048;

export class ProxyHeaderError extends Error {}

const ipv6 = (bytes: readonly number[]) =>
  // The URL parser writes an IPv6 address in its canonical, compressed form.
  new URL(
    `http://[${Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] << 8) | bytes[2 * i + 1]).toString(16)).join(':')}]`,
  ).hostname.slice(1, -1);

/**
 * Parses a complete PROXY header, v1 (text) or v2 (binary), with `proxy-protocol-js`.
 * @returns the client it names (empty for LOCAL/UNKNOWN/UNIX: health checks of the balancer itself).
 * @throws ProxyHeaderError when the bytes are no valid header.
 */
export function parseProxyHeader(header: Buffer): ProxiedPeer {
  try {
    if (header.subarray(0, 12).equals(V2_SIGNATURE)) {
      const parsed = V2ProxyProtocol.parse(header);
      if (parsed.command === Command.LOCAL) return {};
      const address = parsed.proxyAddress;
      if (address instanceof IPv4ProxyAddress)
        return { remoteAddress: address.sourceAddress.address.join('.'), remotePort: address.sourcePort };
      if (address instanceof IPv6ProxyAddress)
        return { remoteAddress: ipv6(address.sourceAddress.address), remotePort: address.sourcePort };
      return {};
    }
    const line = header.toString('latin1');
    if (/^PROXY UNKNOWN(\s|$)/.test(line)) return {};
    const parsed = V1ProxyProtocol.parse(line);
    if (!isIP(parsed.source.ipAddress)) throw new ProxyHeaderError('Invalid PROXY source address');
    return { remoteAddress: parsed.source.ipAddress, remotePort: parsed.source.port };
  } catch (e) {
    if (e instanceof ProxyHeaderError) throw e;
    throw new ProxyHeaderError(`Invalid PROXY header: ${(e as { message?: string }).message ?? String(e)}`);
  }
}

/**
 * The length of the header at the start of `data`: a number once it is complete, 0 while
 * more bytes are needed.
 * @throws ProxyHeaderError when the bytes cannot start a PROXY header.
 */
export function proxyHeaderLength(data: Buffer): number {
  const prefix = data.subarray(0, 12);
  if (V2_SIGNATURE.subarray(0, prefix.length).equals(prefix)) {
    if (data.length < 16) return 0;
    const length = 16 + data.readUInt16BE(14);
    if (length > V2_MAX) throw new ProxyHeaderError('PROXY v2 header too long');
    return data.length >= length ? length : 0;
  }
  const newline = data.indexOf(0x0a);
  if (newline < 0) {
    if (data.length >= V1_MAX) throw new ProxyHeaderError('PROXY header line too long');
    const start = data.subarray(0, V1_PREFIX.length);
    if (!V1_PREFIX.subarray(0, start.length).equals(start)) throw new ProxyHeaderError('Invalid PROXY header');
    return 0;
  }
  if (newline + 1 > V1_MAX) throw new ProxyHeaderError('PROXY header line too long');
  return newline + 1;
}

/** What smtp-server's private PROXY step looks like (smtp-server 3.x). */
interface ProxyStep {
  _handleProxy(socket: Socket, callback: (err: Error | null, options?: object) => void): void;
  _expectsProxyHeader(socket: Socket): boolean;
}

/**
 * Makes `server` read PROXY protocol v1 and v2 headers (smtp-server itself reads only v1
 * text; AWS NLBs, GCP and others send v2). smtp-server keeps deciding who must send one
 * (`useProxy`: everyone, or the listed balancer addresses), guarding the socket until the
 * session starts (its timeout and client limit) and closing it on shutdown; only reading
 * the header is replaced. A bad header gets `* BAD` and the connection is closed, as
 * smtp-server does.
 * @throws Error at start-up if smtp-server no longer has the step this replaces (an upgrade changed it).
 */
export function acceptProxyProtocolV2(server: SMTPServer): void {
  const step = server as unknown as ProxyStep;
  if (typeof step._handleProxy !== 'function' || typeof step._expectsProxyHeader !== 'function')
    throw new Error('smtp-server has no _handleProxy step to extend: check its PROXY protocol support');
  const own = step._handleProxy.bind(server);
  step._handleProxy = (socket, callback) => {
    if (!step._expectsProxyHeader(socket)) return own(socket, callback);
    const id = BigInt(`0x${randomBytes(10).toString('hex')}`)
      .toString(32)
      .padStart(16, '0');
    let data = Buffer.alloc(0);
    let finished = false;
    const finish = (err: Error | null, peer?: ProxiedPeer) => {
      if (finished) return;
      finished = true;
      socket.off('readable', read).off('error', onGone).off('close', onGone).off('end', onGone);
      if (err) {
        socket.on('error', () => undefined); // a late EPIPE while the diagnostic flushes
        socket.end('* BAD Invalid PROXY header\r\n');
        setTimeout(() => socket.destroy(), 1000).unref();
        return callback(err);
      }
      callback(null, { id, ...peer });
    };
    const onGone = () => finish(new ProxyHeaderError('connection closed before its PROXY header'));
    const read = () => {
      for (let chunk: Buffer | null; (chunk = socket.read() as Buffer | null) !== null;) {
        data = Buffer.concat([data, chunk]);
        try {
          const length = proxyHeaderLength(data);
          if (!length) continue;
          const peer = parseProxyHeader(data.subarray(0, length));
          if (data.length > length) socket.unshift(data.subarray(length));
          return finish(null, peer);
        } catch (e) {
          return finish(e as Error);
        }
      }
    };
    socket.on('readable', read).on('error', onGone).on('close', onGone).on('end', onGone);
  };
}
