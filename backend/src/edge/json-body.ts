import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import type { EdgeRouteConfig } from './route-config';

/** Deeper than any body of this API (a ticket filter is 3 levels), far below a stack overflow. */
export const MAX_JSON_DEPTH = 64;

const clientError = (message: string) => Object.assign(new Error(message), { statusCode: 400 });

/**
 * The nesting depth a JSON text reaches, counted over its characters (strings skipped)
 * before anything recursive (the parser, prototype checks, validation) touches it; stops
 * counting past `limit`. O(length), no allocation.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * Whether a parsed JSON value holds U+0000 in a string or a key. PostgreSQL's text cannot
 * store it (SQLSTATE 22021), so such input is refused at the edge as a client error rather
 * than failing deep inside a query. Recursion is bounded: the text passed `jsonDepthExceeds`.
 */
export function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object')
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || containsNul(v));
  return false;
}

/** The message for input holding U+0000 (bodies, query strings and paths alike). */
export const NUL_REFUSED = 'Text must not contain NUL characters (U+0000)';

/**
 * Bodies are JSON, and nothing else (multipart only where a route takes a file, see
 * EdgeRoute): no `application/x-www-form-urlencoded` and no `text/plain`, the two types a
 * cross-site HTML form can send without a CORS preflight, so no form on another site can
 * post to us (login CSRF); text/plain reaches only routes marked `plainText` (provider
 * webhooks, which need no session). Other types get Fastify's 415. JSON deeper than
 * MAX_JSON_DEPTH is a 400 before it is parsed; `__proto__` and `constructor.prototype`
 * keys are refused (secure-json-parse, as Fastify's own parser), and so is U+0000 anywhere.
 */
export function registerJsonOnlyParsers(fastify: FastifyInstance) {
  fastify.removeAllContentTypeParsers();
  // A chunked body has no Content-Length for the edge to check before reading: checked here.
  const tooLarge = (req: { routeOptions: { config?: unknown } }, text: string) => {
    const max = (req.routeOptions.config as EdgeRouteConfig | undefined)?.maxBodyBytes;
    return max !== undefined && Buffer.byteLength(text) > max
      ? Object.assign(new Error(`The body may be ${max} bytes at most`), { statusCode: 413 })
      : null;
  };
  // Only routes marked `plainText` get here (the edge refuses text/plain elsewhere before parsing).
  fastify.addContentTypeParser('text/plain', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    const error = tooLarge(req, text) ?? (text.includes('\u0000') ? clientError(NUL_REFUSED) : null);
    done(error, error ? undefined : text);
  });
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = body as string;
    const large = tooLarge(req, text);
    if (large) return done(large, undefined);
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      return done(clientError(`JSON body nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    }
    let parsed: unknown;
    try {
      parsed = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
    } catch (e) {
      return done(clientError(`Body is not valid JSON: ${(e as Error).message}`), undefined);
    }
    if (containsNul(parsed)) return done(clientError(NUL_REFUSED), undefined);
    done(null, parsed);
  });
}
