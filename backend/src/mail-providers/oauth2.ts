import { createSign, constants, randomUUID, sign as signRaw, X509Certificate } from 'node:crypto';
import { ProviderError, toProviderError } from './provider-error';
import { retryAfterMs } from './retry-after';

/** A token endpoint request: the URL and its form fields (RFC 6749 section 4, `application/x-www-form-urlencoded`). */
export interface TokenRequest {
  url: string;
  form: Record<string, string>;
}

/** Refreshing early keeps a token from expiring between our check and the provider's. */
const EARLY_MS = 60_000;

/**
 * Access tokens from an OAuth2 token endpoint, cached until shortly before they expire.
 * Errors become SourceErrors: `invalid_client`, `invalid_grant` (a revoked or expired refresh
 * token, a wrong secret) are `auth`; 429 `throttled`; 5xx and `temporarily_unavailable` `server`.
 */
export class TokenSource {
  private cached?: { token: string; expiresAt: number };

  constructor(
    private readonly request: () => TokenRequest,
    private readonly opts: {
      signal?: AbortSignal;
      /** The provider issued a new refresh token (Microsoft rotates them); store it. */
      onRefreshToken?: (token: string) => Promise<void>;
    } = {},
  ) {}

  async get(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_MS > Date.now()) return this.cached.token;
    const { url, form } = this.request();
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.any([AbortSignal.timeout(30_000), ...(this.opts.signal ? [this.opts.signal] : [])]),
      });
    } catch (e) {
      throw toProviderError(e);
    }
    const text = await res.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text);
    } catch {
      // Described below from the status.
    }
    if (!res.ok || typeof body.access_token !== 'string') {
      const what = [body.error, body.error_description].filter((x) => typeof x === 'string').join(': ');
      const detail = `token endpoint answered ${res.status}${what ? ` ${what}` : ''}`.slice(0, 600);
      if (res.status === 429) throw new ProviderError('throttled', detail, retryAfterMs(res.headers, 30_000));
      if (res.status >= 500 || body.error === 'temporarily_unavailable') throw new ProviderError('server', detail);
      throw new ProviderError('auth', detail);
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 3600);
    this.cached = {
      token: body.access_token,
      expiresAt: Date.now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000,
    };
    if (
      typeof body.refresh_token === 'string' &&
      form.grant_type === 'refresh_token' &&
      body.refresh_token !== form.refresh_token
    )
      await this.opts.onRefreshToken?.(body.refresh_token);
    return body.access_token;
  }

  /** The provider refused the token (401): ask for a new one next time. */
  invalidate() {
    this.cached = undefined;
  }
}

/** An OAuth2 grant that yields access tokens for SASL XOAUTH2 (RFC 6749 sections 4.4 and 6). */
export interface OAuth2GrantSettings {
  tokenUrl: string;
  clientId: string;
  /** Space-separated scopes, or null to ask for the client's defaults. */
  scope: string | null;
  /** `refresh_token` with a user's grant; `client_credentials` for an app-only token. */
  grant: 'refresh_token' | 'client_credentials';
}

/**
 * Tokens from an OAuth2 grant an admin configured (for SASL XOAUTH2 to IMAP and SMTP): the
 * refresh token grant (RFC 6749 section 6) or client credentials (section 4.4). `secrets` is
 * read at each request, so a rotated refresh token stored into it is used from then on.
 */
export function grantTokens(
  grant: OAuth2GrantSettings,
  secrets: { clientSecret?: string; refreshToken?: string },
  opts: { signal?: AbortSignal; onRefreshToken?: (token: string) => Promise<void> } = {},
): TokenSource {
  return new TokenSource(
    () => ({
      url: grant.tokenUrl,
      form: {
        grant_type: grant.grant,
        client_id: grant.clientId,
        ...(secrets.clientSecret ? { client_secret: secrets.clientSecret } : {}),
        ...(grant.grant === 'refresh_token' ? { refresh_token: secrets.refreshToken ?? '' } : {}),
        ...(grant.scope ? { scope: grant.scope } : {}),
      },
    }),
    opts,
  );
}

/** A signed JWT (RFC 7519), for client assertions and the JWT bearer grant (RFC 7523). */
export function signJwt(
  header: Record<string, string>,
  claims: Record<string, unknown>,
  privateKeyPem: string,
): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ typ: 'JWT', ...header })}.${b64(claims)}`;
  let signature: Buffer;
  if (header.alg === 'PS256')
    signature = signRaw('sha256', Buffer.from(input), {
      key: privateKeyPem,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: 32,
    });
  else if (header.alg === 'RS256') signature = createSign('RSA-SHA256').update(input).sign(privateKeyPem);
  else throw new Error(`unsupported JWT algorithm ${header.alg}`);
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * The client assertion of a Microsoft Entra app registration's certificate credential:
 * PS256 with the certificate's SHA-256 thumbprint as `x5t#S256`, audience the token endpoint,
 * valid ten minutes ("Microsoft identity platform application authentication certificate
 * credentials").
 * @param pem the certificate and its private key, PEM.
 */
export function certificateAssertion(pem: string, clientId: string, tokenUrl: string): string {
  const certPem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!certPem) throw new ProviderError('config', 'the certificate PEM holds no certificate');
  const cert = new X509Certificate(certPem);
  const thumbprint = Buffer.from(cert.fingerprint256.replace(/:/g, ''), 'hex').toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { alg: 'PS256', 'x5t#S256': thumbprint },
    { aud: tokenUrl, iss: clientId, sub: clientId, jti: randomUUID(), nbf: now, iat: now, exp: now + 600 },
    pem.replace(certPem, ''),
  );
}
