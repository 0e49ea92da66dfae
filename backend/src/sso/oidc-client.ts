import { Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { isLoopbackHost, SsoProvider } from './sso-providers.service';

/** Discovery documents and keys are read again after this long, or at once when the provider is edited. */
const DISCOVERY_TTL_MS = 3600_000;

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a provider's answer was not accepted, worded for the person signing in. */
export class OidcRejected extends Error {}

/**
 * The relying party side of OpenID Connect, with openid-client: discovery (cached per
 * provider), the authorization code flow with PKCE (S256), `state` and `nonce`, and
 * the ID token verified (signature against the provider's JWKS, issuer, audience,
 * expiry with 30 s of clock tolerance, nonce). Signature checks on the token endpoint's
 * ID token are on (`enableNonRepudiationChecks`), not left to TLS alone.
 */
@Injectable()
export class OidcClient {
  private readonly configs = new Map<number, { key: string; at: number; config: Promise<oidc.Configuration> }>();

  private configuration(p: SsoProvider & { clientSecret: string | null }): Promise<oidc.Configuration> {
    const key = `${p.issuer}|${p.clientId}|${p.updatedAt.toISOString()}`;
    const cached = this.configs.get(p.id);
    if (cached && cached.key === key && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
    const execute: ((c: oidc.Configuration) => void)[] = [oidc.enableNonRepudiationChecks];
    if (new URL(p.issuer).protocol === 'http:' && isLoopbackHost(new URL(p.issuer).hostname))
      execute.push(oidc.allowInsecureRequests);
    const config = oidc.discovery(
      new URL(p.issuer),
      p.clientId,
      undefined,
      p.clientSecret ? oidc.ClientSecretPost(p.clientSecret) : oidc.None(),
      { execute },
    );
    this.configs.set(p.id, { key, at: Date.now(), config });
    config.catch(() => this.configs.delete(p.id));
    return config;
  }

  /** Where to send the browser, and what to keep until it comes back. */
  async authorizationRequest(
    provider: SsoProvider & { clientSecret: string | null },
    redirectUri: string,
  ): Promise<AuthorizationRequest> {
    const config = await this.configuration(provider);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, state, nonce, codeVerifier };
  }

  /**
   * Exchanges the code the provider sent back (`callbackUrl`, with its query) and returns
   * the verified ID token's claims.
   * @throws OidcRejected for an error answer, a state that does not match, a code the
   *   provider refuses (replayed, expired), or an ID token that fails verification.
   */
  async claims(
    provider: SsoProvider & { clientSecret: string | null },
    callbackUrl: URL,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<oidc.IDToken> {
    const config = await this.configuration(provider);
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: expected.codeVerifier,
        expectedState: expected.state,
        expectedNonce: expected.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new OidcRejected('the provider sent no ID token');
      return claims;
    } catch (e) {
      if (e instanceof OidcRejected) throw e;
      throw new OidcRejected(describe(e));
    }
  }
}

/** openid-client's errors carry an OAuth error code or a check that failed; say which, briefly. */
function describe(e: unknown): string {
  const err = e as { error?: string; error_description?: string; message?: string };
  if (err.error)
    return `the provider refused: ${err.error}${err.error_description ? ` (${err.error_description})` : ''}`;
  // openid-client wraps oauth4webapi's error, whose cause names the claim that failed.
  let claim: unknown;
  for (let c = e as { cause?: unknown; claim?: unknown } | undefined; c && !claim; c = c.cause as typeof c)
    claim = c.claim;
  if (claim === 'exp') return 'the ID token has expired';
  return claim ? `${err.message ?? e}: claim "${String(claim)}"` : (err.message ?? String(e));
}
