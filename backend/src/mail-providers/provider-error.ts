/**
 * Why a mailbox's provider (an IMAP or SMTP server, Microsoft Graph, the Gmail API) cannot be
 * used, in the words an admin acts on. `auth`, `tls`, `not_found` and
 * `config` need a person (admins are told at once); `network`, `server` and `throttled`
 * usually pass (admins are told when they last).
 */
export const PROVIDER_ERROR_KINDS = ['auth', 'tls', 'not_found', 'config', 'network', 'server', 'throttled'] as const;
export type ProviderErrorKind = (typeof PROVIDER_ERROR_KINDS)[number];

const LABEL: Record<ProviderErrorKind, string> = {
  auth: 'sign-in failed',
  tls: 'TLS failed',
  not_found: 'mailbox or folder not found',
  config: 'settings unusable',
  network: 'cannot reach the server',
  server: 'the server failed',
  throttled: 'throttled by the server',
};

/** A failure of a whole connection to a provider (not of one message): fetching stops, sending waits or fails. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    detail: string,
    /** For `throttled`: how long the server asked us to wait. */
    readonly retryAfterMs?: number,
  ) {
    super(`${LABEL[kind]}: ${detail}`);
  }

  /** True for failures no retry fixes without a person. */
  get needsPerson(): boolean {
    return ['auth', 'tls', 'not_found', 'config'].includes(this.kind);
  }
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|HOSTNAME_MISMATCH)/;
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/**
 * Classifies what a connector threw: its own ProviderError as is; Node's socket and TLS errors
 * (also when wrapped as a fetch `cause`) by their codes.
 */
export function toProviderError(e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  const err = e as { code?: string; message?: string; cause?: unknown };
  for (let c: unknown = err, depth = 0; c && depth < 4; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: string }).code ?? '';
    const message = (c as { message?: string }).message ?? '';
    if (TLS_CODES.test(code) || /certificate|wrong version number|ssl|tls/i.test(message))
      return new ProviderError('tls', message || code);
    if (NETWORK_CODES.has(code))
      return new ProviderError('network', `${code}${message && message !== code ? ` (${message})` : ''}`);
  }
  return new ProviderError('server', err?.message ?? String(e));
}
