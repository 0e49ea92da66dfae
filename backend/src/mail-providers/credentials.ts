import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { GoogleAccount } from './gmail-api';
import type { MicrosoftApp } from './microsoft-graph';
import type { OAuth2GrantSettings } from './oauth2';
import { Input, SettingsReader } from './settings-reader';

/**
 * What is stored sealed for a mailbox's source or transport, and never returned by the API:
 * passwords, client secrets, refresh tokens, certificates with their keys, service account keys.
 */
export interface ProviderSecrets {
  password?: string;
  clientSecret?: string;
  refreshToken?: string;
  /** PEM: the certificate and its private key (Microsoft 365 app registration). */
  certificate?: string;
  /** From a Google service account key file. */
  privateKey?: string;
  privateKeyId?: string;
}

/** How a server (IMAP, SMTP) is signed in to: a password, or SASL XOAUTH2 with a token from an OAuth2 grant. */
export interface PasswordOrGrant {
  auth: 'password' | 'oauth2';
  oauth2: OAuth2GrantSettings | null;
}

/** What was stored before, so an edit may leave secrets out (an admin changing a port does not retype the password). */
export interface Previous<S> {
  settings: S;
  secrets: ProviderSecrets;
}

/**
 * `password` or `oauth2: {tokenUrl, clientId, clientSecret?, refreshToken?, scope?}`. A secret
 * left out is kept from `previous` when it used the same method.
 */
export function readPasswordOrGrant(
  v: SettingsReader,
  input: Input,
  previous: Previous<PasswordOrGrant> | undefined,
): { settings: PasswordOrGrant; secrets: ProviderSecrets } | undefined {
  v.allow('password', 'oauth2');
  const password = v.text(input, 'password', { max: 1000, raw: true });
  const oauth2Input = input.oauth2;
  if (password !== undefined && oauth2Input !== undefined && oauth2Input !== null)
    v.fail('', 'give either password or oauth2, not both');
  if (oauth2Input === undefined || oauth2Input === null) {
    const kept = previous?.settings.auth === 'password' ? previous.secrets.password : undefined;
    const pass = password ?? kept;
    if (!pass) return v.fail('password', 'is required (or an oauth2 grant instead)');
    return { settings: { auth: 'password', oauth2: null }, secrets: { password: pass } };
  }
  const o = v.nested(oauth2Input, 'oauth2');
  if (!o) return undefined;
  o.allow('tokenUrl', 'clientId', 'clientSecret', 'refreshToken', 'scope');
  const tokenUrl = o.tokenUrl(o.input, 'tokenUrl');
  const clientId = o.text(o.input, 'clientId', { required: true, max: 500 });
  const scope = o.text(o.input, 'scope', { max: 1000 }) ?? null;
  const same = previous?.settings.auth === 'oauth2' ? previous.secrets : undefined;
  const clientSecret = o.text(o.input, 'clientSecret', { max: 2000, raw: true }) ?? same?.clientSecret;
  const refreshToken = o.text(o.input, 'refreshToken', { max: 8000, raw: true }) ?? same?.refreshToken;
  if (!refreshToken && !clientSecret)
    o.fail('', 'needs a refreshToken (a user grant) or a clientSecret (client credentials)');
  o.unknownKeys(o.input);
  if (!tokenUrl || !clientId) return undefined;
  const secrets: ProviderSecrets = {};
  if (clientSecret) secrets.clientSecret = clientSecret;
  if (refreshToken) secrets.refreshToken = refreshToken;
  return {
    settings: {
      auth: 'oauth2',
      oauth2: { tokenUrl, clientId, scope, grant: refreshToken ? 'refresh_token' : 'client_credentials' },
    },
    secrets,
  };
}

const TENANT = /^[a-z0-9.-]{1,253}$/i;

/**
 * `tenant`, `clientId`, and `clientSecret` or `certificate` (PEM certificate and its private
 * key) of a Microsoft Entra app registration. A secret left out is kept from `previous` when
 * it used the same credential kind.
 */
export function readMicrosoftApp(
  v: SettingsReader,
  input: Input,
  previous: Previous<MicrosoftApp> | undefined,
): { settings: MicrosoftApp; secrets: ProviderSecrets } | undefined {
  v.allow('tenant', 'clientId', 'clientSecret', 'certificate');
  const tenant = v.text(input, 'tenant', { required: true, max: 253 });
  if (tenant && !TENANT.test(tenant)) v.fail('tenant', 'must be a tenant id (GUID) or domain');
  const clientId = v.text(input, 'clientId', { required: true, max: 200 });
  const clientSecret = v.text(input, 'clientSecret', { max: 2000, raw: true });
  const certificate = v.text(input, 'certificate', { max: 20000, raw: true });
  if (clientSecret !== undefined && certificate !== undefined)
    v.fail('', 'give either clientSecret or certificate, not both');
  if (certificate !== undefined) checkCertificate(v, certificate);
  const auth: MicrosoftApp['auth'] =
    certificate !== undefined || (clientSecret === undefined && previous?.settings.auth === 'certificate')
      ? 'certificate'
      : 'secret';
  const secrets: ProviderSecrets = {};
  if (auth === 'certificate') {
    const cert = certificate ?? previous?.secrets.certificate;
    if (!cert) v.fail('certificate', 'is required');
    else secrets.certificate = cert;
  } else {
    const secret = clientSecret ?? (previous?.settings.auth === 'secret' ? previous.secrets.clientSecret : undefined);
    if (!secret) v.fail('clientSecret', 'is required (or a certificate instead)');
    else secrets.clientSecret = secret;
  }
  if (!tenant || !clientId) return undefined;
  return { settings: { tenant, clientId, auth }, secrets };
}

/**
 * `serviceAccountKey` (the JSON key file of a service account with domain-wide delegation) or
 * `oauth2: {clientId, clientSecret, refreshToken}` (a user's grant) for the Gmail mailbox
 * `address`; neither keeps the stored credentials of `previous`.
 */
export function readGoogleAccount(
  v: SettingsReader,
  input: Input,
  address: string | undefined,
  previous: Previous<GoogleAccount> | undefined,
): { settings: GoogleAccount; secrets: ProviderSecrets } | undefined {
  v.allow('serviceAccountKey', 'oauth2');
  const keyInput = input.serviceAccountKey;
  const oauth2Input = input.oauth2;
  if (keyInput !== undefined && oauth2Input !== undefined)
    v.fail('', 'give either serviceAccountKey or oauth2, not both');
  if (oauth2Input !== undefined) {
    const o = v.nested(oauth2Input, 'oauth2');
    if (!o) return undefined;
    o.allow('clientId', 'clientSecret', 'refreshToken');
    const clientId = o.text(o.input, 'clientId', { required: true, max: 500 });
    const same = previous?.settings.auth === 'oauth2' ? previous.secrets : undefined;
    const clientSecret = o.text(o.input, 'clientSecret', { max: 2000, raw: true }) ?? same?.clientSecret;
    const refreshToken = o.text(o.input, 'refreshToken', { max: 8000, raw: true }) ?? same?.refreshToken;
    if (!clientSecret) o.fail('clientSecret', 'is required');
    if (!refreshToken) o.fail('refreshToken', 'is required');
    o.unknownKeys(o.input);
    if (!address || !clientId) return undefined;
    return {
      settings: { address, auth: 'oauth2', clientEmail: null, clientId },
      secrets: { clientSecret, refreshToken },
    };
  }
  if (keyInput !== undefined) {
    const key = parseServiceAccountKey(v, keyInput);
    if (!key || !address) return undefined;
    return {
      settings: { address, auth: 'serviceAccount', clientEmail: key.clientEmail, clientId: null },
      secrets: { privateKey: key.privateKey, privateKeyId: key.privateKeyId },
    };
  }
  if (previous) {
    if (!address) return undefined;
    const { auth, clientEmail, clientId } = previous.settings;
    return { settings: { address, auth, clientEmail, clientId }, secrets: { ...previous.secrets } };
  }
  return v.fail('serviceAccountKey', 'is required (the JSON key file of a service account), or oauth2 (a user grant)');
}

/** A Google service account key file (JSON, as downloaded, given as a string or an object). */
function parseServiceAccountKey(
  v: SettingsReader,
  input: unknown,
): { clientEmail: string; privateKey: string; privateKeyId: string } | undefined {
  let key: unknown = input;
  if (typeof input === 'string') {
    try {
      key = JSON.parse(input);
    } catch {
      return v.fail('serviceAccountKey', 'must be the JSON key file of a service account');
    }
  }
  const k = (key ?? {}) as Record<string, unknown>;
  if (
    typeof k !== 'object' ||
    k.type !== 'service_account' ||
    typeof k.client_email !== 'string' ||
    typeof k.private_key !== 'string'
  )
    return v.fail(
      'serviceAccountKey',
      'must be a service account key file (type "service_account" with client_email and private_key)',
    );
  try {
    createPrivateKey(k.private_key);
  } catch {
    return v.fail('serviceAccountKey', 'private_key is not a PEM private key');
  }
  return {
    clientEmail: k.client_email,
    privateKey: k.private_key,
    privateKeyId: typeof k.private_key_id === 'string' ? k.private_key_id : '',
  };
}

/** The PEM must hold an X.509 certificate and the RSA private key that belongs to it. */
function checkCertificate(v: SettingsReader, pem: string) {
  const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!cert)
    return v.fail('certificate', 'must hold a PEM certificate (-----BEGIN CERTIFICATE-----) and its private key');
  try {
    const x509 = new X509Certificate(cert);
    const key = createPrivateKey(pem.replace(cert, ''));
    if (!x509.checkPrivateKey(key)) v.fail('certificate', 'the private key does not belong to the certificate');
  } catch {
    v.fail('certificate', 'must hold a PEM certificate and its unencrypted PEM private key');
  }
}
