import { Inject, Injectable } from '@nestjs/common';
import * as http from 'node:http';
import * as https from 'node:https';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { guardedLookup, literalAddressProblem } from './address-guard';
import { SIGNATURE_HEADER, sign } from './signature';

export interface PostOutcome {
  ok: boolean;
  status: number | null;
  body: string | null;
  error: string | null;
  ms: number;
}

/** What is kept of a receiver's answer. */
const KEPT_RESPONSE = 2000;

/**
 * Posts one webhook delivery: JSON, signed (`X-Helpdesk-Signature: sha256=<hex>` over the
 * exact bytes), with its delivery id, to an address checked when the socket connects
 * (address-guard.ts). A 2xx is success; redirects are not followed (one could point inside).
 */
@Injectable()
export class WebhookSender {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  post(d: { url: string; secret: string; body: string; deliveryId: string; event: string }): Promise<PostOutcome> {
    const started = Date.now();
    const done = (o: Omit<PostOutcome, 'ms'>): PostOutcome => ({ ...o, ms: Date.now() - started });
    let url: URL;
    try {
      url = new URL(d.url);
    } catch {
      return Promise.resolve(done({ ok: false, status: null, body: null, error: 'not a URL' }));
    }
    const { allowPrivate, timeoutMs } = this.config.webhooks;
    const refused = literalAddressProblem(url, allowPrivate);
    if (refused) return Promise.resolve(done({ ok: false, status: null, body: null, error: refused }));
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve) => {
      const req = client.request(
        url,
        {
          method: 'POST',
          lookup: guardedLookup(allowPrivate) as never,
          timeout: timeoutMs,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Helpdesk-Webhooks/1',
            [SIGNATURE_HEADER]: sign(d.secret, d.body),
            'x-helpdesk-delivery': d.deliveryId,
            'x-helpdesk-event': d.event,
            'content-length': Buffer.byteLength(d.body),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            if (size < KEPT_RESPONSE) chunks.push(c);
            size += c.length;
          });
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const body = Buffer.concat(chunks).toString('utf8').slice(0, KEPT_RESPONSE);
            const ok = status >= 200 && status < 300;
            resolve(done({ ok, status, body, error: ok ? null : `HTTP ${status}` }));
          });
          res.on('error', (e) =>
            resolve(done({ ok: false, status: res.statusCode ?? null, body: null, error: e.message })),
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => resolve(done({ ok: false, status: null, body: null, error: e.message })));
      req.end(d.body);
    });
  }
}
