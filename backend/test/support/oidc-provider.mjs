// A real OpenID Provider for the tests: the npm package oidc-provider (the certified
// reference implementation for Node), in a process of its own on a loopback port.
//
//   node oidc-provider.mjs '<json config>'
//   config: { port, clients: [{client_id, client_secret?, redirect_uris}], accounts: {login: claims},
//             idTokenTtl?: seconds, clockOffsetSeconds?: number }
//
// Prints "issuer <url>" once it listens. Its development sign-in page accepts any login
// with any password; the login names the account, whose claims come from `accounts`.
// `clockOffsetSeconds` runs this provider's clock off by that much (a provider whose ID
// tokens have already expired when they arrive).
const config = JSON.parse(process.argv[2]);
if (config.clockOffsetSeconds) {
  const realNow = Date.now;
  Date.now = () => realNow() + config.clockOffsetSeconds * 1000;
}
const { default: Provider } = await import('oidc-provider');

const issuer = `http://127.0.0.1:${config.port}`;
const provider = new Provider(issuer, {
  clients: config.clients.map((c) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: c.client_secret ? 'client_secret_post' : 'none',
    ...c,
  })),
  async findAccount(_ctx, sub) {
    const claims = config.accounts[sub];
    if (!claims) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name', 'preferred_username'],
  },
  // Put the scopes' claims in the ID token itself (the relying party reads them there).
  conformIdTokenClaims: false,
  // A first-party client: no consent screen, the grant covers what was asked.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  pkce: { required: () => true },
  ttl: { IdToken: config.idTokenTtl ?? 3600 },
  cookies: { keys: ['test-cookie-key-0123456789abcdef'] },
  features: { devInteractions: { enabled: true } },
});
provider.on('server_error', (_ctx, err) => process.stderr.write(`server_error: ${err.stack}\n`));
// Silence the development-mode warnings on stderr.
console.warn = () => {};
const server = provider.listen(config.port, '127.0.0.1', () => process.stdout.write(`issuer ${issuer}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
