import type { ProviderEndpoints } from './endpoints';
import { HttpApi } from './http-api';
import { certificateAssertion, TokenSource } from './oauth2';

/** A Microsoft Entra app registration with application permissions (Mail.ReadWrite to fetch, Mail.Send to send). */
export interface MicrosoftApp {
  /** The directory (tenant) id or one of its domains. */
  tenant: string;
  clientId: string;
  auth: 'secret' | 'certificate';
}

/** The app's credential: a client secret, or a PEM certificate with its private key. */
export interface MicrosoftAppSecrets {
  clientSecret?: string;
  certificate?: string;
}

/**
 * App-only tokens for Microsoft Graph: the client credentials grant with the `.default` scope,
 * authenticated by the client secret or by a certificate assertion ("Microsoft identity
 * platform and the OAuth 2.0 client credentials flow").
 */
export function graphTokens(
  endpoints: ProviderEndpoints,
  app: MicrosoftApp,
  secrets: MicrosoftAppSecrets,
  signal?: AbortSignal,
): TokenSource {
  const tokenUrl = `${endpoints.microsoftLogin}/${encodeURIComponent(app.tenant)}/oauth2/v2.0/token`;
  return new TokenSource(
    () => ({
      url: tokenUrl,
      form: {
        grant_type: 'client_credentials',
        client_id: app.clientId,
        scope: 'https://graph.microsoft.com/.default',
        ...(app.auth === 'certificate'
          ? {
              client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
              client_assertion: certificateAssertion(secrets.certificate ?? '', app.clientId, tokenUrl),
            }
          : { client_secret: secrets.clientSecret ?? '' }),
      },
    }),
    { signal },
  );
}

/** Graph's JSON client: its errors read `{error: {code, message}}` ("Microsoft Graph error responses"). */
export function graphApi(tokens: TokenSource, signal: AbortSignal): HttpApi {
  return new HttpApi(tokens, signal, (body) => {
    const e = (body as { error?: { code?: string; message?: string } })?.error;
    return { code: e?.code ?? '', message: e?.message ?? String(body).slice(0, 300) };
  });
}

/** `…/users/{address}`: the mailbox Graph reads or sends as. */
export const graphUser = (endpoints: ProviderEndpoints, address: string) =>
  `${endpoints.graph}/users/${encodeURIComponent(address)}`;
