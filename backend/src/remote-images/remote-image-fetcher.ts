import { Inject, Injectable } from '@nestjs/common';
import * as http from 'node:http';
import * as https from 'node:https';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { AddressRefused, guardedLookup, literalAddressProblem } from '../webhooks/address-guard';

/** Redirects followed per image (each hop checked like the first). */
export const MAX_REDIRECTS = 3;

/** Why a remote image was not served, with the HTTP status the proxy answers. */
export class RemoteImageRefused extends Error {
  constructor(
    readonly status: 403 | 404 | 413 | 415 | 502 | 504,
    message: string,
  ) {
    super(message);
  }
}

export interface FetchedImage {
  /** Sniffed from the bytes, never taken from the remote server: PNG, JPEG, GIF or WebP. */
  contentType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  body: Buffer;
}

/** The image type of the first bytes, or null (SVG, HTML and everything else are not images we serve). */
export function sniffImageType(b: Buffer): FetchedImage['contentType'] | null {
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && /^GIF8[79]a$/.test(b.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (
    b.length >= 12 &&
    b.subarray(0, 4).toString('latin1') === 'RIFF' &&
    b.subarray(8, 12).toString('latin1') === 'WEBP'
  )
    return 'image/webp';
  return null;
}

const SETTING = 'HELPDESK_REMOTE_IMAGES_ALLOW_PRIVATE_ORIGINS';

/**
 * Fetches a remote image of a mail for an agent, so their browser never contacts the
 * sender's server. The request carries nothing of the agent (no cookies, no auth, no
 * referrer: the headers are built here from nothing). Every hop is checked like a
 * webhook's address (address-guard.ts: resolved, only public addresses, the socket gets
 * the address checked), redirects are followed by hand (at most MAX_REDIRECTS, each
 * target checked again), the whole fetch has a deadline and a size cap, and only bytes
 * that are a PNG, JPEG, GIF or WebP are answered (SVG can carry script: refused).
 */
@Injectable()
export class RemoteImageFetcher {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  async fetch(rawUrl: string): Promise<FetchedImage> {
    const { timeoutMs } = this.config.remoteImages;
    const deadline = AbortSignal.timeout(timeoutMs);
    let url = new URL(rawUrl);
    for (let hop = 0; ; hop++) {
      const answer = await this.get(url, deadline);
      if (answer.redirect === undefined) return answer.image;
      if (hop >= MAX_REDIRECTS) throw new RemoteImageRefused(502, `more than ${MAX_REDIRECTS} redirects`);
      try {
        url = new URL(answer.redirect, url);
      } catch {
        throw new RemoteImageRefused(502, 'redirected to something that is not a URL');
      }
    }
  }

  /** One request: the image, or where it redirects to. */
  private get(
    url: URL,
    deadline: AbortSignal,
  ): Promise<{ image: FetchedImage; redirect?: undefined } | { redirect: string }> {
    const { allowPrivateOrigins, timeoutMs, maxBytes } = this.config.remoteImages;
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return Promise.reject(new RemoteImageRefused(403, `refused: ${url.protocol} is not http or https`));
    const allowPrivate = allowPrivateOrigins.includes(url.origin);
    const refused = literalAddressProblem(url, allowPrivate, SETTING);
    if (refused) return Promise.reject(new RemoteImageRefused(403, refused));
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(url, {
        method: 'GET',
        agent: false,
        lookup: guardedLookup(allowPrivate, SETTING) as never,
        timeout: timeoutMs,
        signal: deadline,
        headers: {
          accept: 'image/png,image/jpeg,image/gif,image/webp;q=0.9,image/*;q=0.5',
          'user-agent': 'Helpdesk-ImageProxy/1',
        },
      });
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          return resolve({ redirect: res.headers.location });
        }
        const fail = (e: RemoteImageRefused) => {
          res.destroy();
          reject(e);
        };
        if (status !== 200) return fail(new RemoteImageRefused(502, `the image's server answered HTTP ${status}`));
        const declared = String(res.headers['content-type'] ?? '')
          .split(';')[0]
          .trim()
          .toLowerCase();
        if (!declared.startsWith('image/') || declared.includes('svg'))
          return fail(new RemoteImageRefused(415, `not an image we show (${declared || 'no content type'})`));
        if (Number(res.headers['content-length']) > maxBytes)
          return fail(new RemoteImageRefused(413, `larger than ${maxBytes} bytes`));
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > maxBytes) return fail(new RemoteImageRefused(413, `larger than ${maxBytes} bytes`));
          chunks.push(c);
        });
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const contentType = sniffImageType(body);
          if (!contentType) return reject(new RemoteImageRefused(415, 'not a PNG, JPEG, GIF or WebP image'));
          resolve({ image: { contentType, body } });
        });
        res.on('error', (e) => reject(this.problem(e, deadline)));
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => reject(this.problem(e, deadline)));
      req.end();
    });
  }

  private problem(e: Error, deadline: AbortSignal): RemoteImageRefused {
    if (e instanceof RemoteImageRefused) return e;
    if (e instanceof AddressRefused) return new RemoteImageRefused(403, e.message);
    if (deadline.aborted || e.message === 'timeout')
      return new RemoteImageRefused(504, `no image within ${this.config.remoteImages.timeoutMs} ms`);
    return new RemoteImageRefused(502, `could not fetch the image: ${e.message}`);
  }
}
