import type { ProviderEndpoints } from './endpoints';
import { HttpApi } from './http-api';
import { signJwt, TokenRequest, TokenSource } from './oauth2';

/** Read and mark mail (fetching). */
export const GMAIL_MODIFY_SCOPE = 'https://www.googleapis.com/auth/gmail.modify';
/** Send mail only (sending as the mailbox). */
export const GMAIL_SEND_SCOPE = 'https://www.googleapis.com/auth/gmail.send';

/** A Google Workspace mailbox, reached as a service account with domain-wide delegation or with a user's OAuth2 grant. */
export interface GoogleAccount {
  address: string;
  auth: 'serviceAccount' | 'oauth2';
  /** The service account (domain-wide delegation), from its key file. */
  clientEmail: string | null;
  /** The OAuth2 client of a user grant. */
  clientId: string | null;
}

export interface GoogleSecrets {
  clientSecret?: string;
  refreshToken?: string;
  privateKey?: string;
  privateKeyId?: string;
}

/**
 * Access tokens for the Gmail API: the JWT bearer grant of a service account impersonating
 * the mailbox (RFC 7523; RS256, `sub` the mailbox, valid an hour — "Using OAuth 2.0 for
 * server to server applications"), or the refresh token grant of a user's consent.
 */
export function googleTokens(
  endpoints: ProviderEndpoints,
  account: GoogleAccount,
  secrets: GoogleSecrets,
  scope: string,
  opts: { signal?: AbortSignal; onRefreshToken?: (token: string) => Promise<void> } = {},
): TokenSource {
  const url = endpoints.googleToken;
  return new TokenSource((): TokenRequest => {
    if (account.auth === 'oauth2')
      return {
        url,
        form: {
          grant_type: 'refresh_token',
          client_id: account.clientId ?? '',
          client_secret: secrets.clientSecret ?? '',
          refresh_token: secrets.refreshToken ?? '',
        },
      };
    const now = Math.floor(Date.now() / 1000);
    const assertion = signJwt(
      { alg: 'RS256', ...(secrets.privateKeyId ? { kid: secrets.privateKeyId } : {}) },
      { iss: account.clientEmail, sub: account.address, scope, aud: url, iat: now, exp: now + 3600 },
      secrets.privateKey ?? '',
    );
    return { url, form: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion } };
  }, opts);
}

/** The Gmail API's JSON client: errors read `{error: {status, message, errors: [{reason}]}}`. */
export function gmailApi(tokens: TokenSource, signal: AbortSignal): HttpApi {
  return new HttpApi(tokens, signal, (body) => {
    const e = (body as { error?: { status?: string; message?: string; errors?: { reason?: string }[] } })?.error;
    return {
      code: [e?.status, e?.errors?.[0]?.reason].filter(Boolean).join(' '),
      message: e?.message ?? String(body).slice(0, 300),
    };
  });
}

/** `…/gmail/v1/users/{address}`. */
export const gmailUser = (endpoints: ProviderEndpoints, address: string) =>
  `${endpoints.gmail}/gmail/v1/users/${encodeURIComponent(address)}`;
