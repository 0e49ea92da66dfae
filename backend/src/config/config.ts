import * as path from 'node:path';

export const ROLES = ['api', 'worker', 'smtp', 'all', 'migrate'] as const;
export type Role = (typeof ROLES)[number];

/** Everything the process reads from its environment, validated once at boot. */
export interface Config {
  role: Role;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  databasePoolSize: number;
  redisUrl?: string;
  sessionTtlHours: number;
  cookieSecure: 'auto' | boolean;
  adminEmail?: string;
  adminPassword?: string;
  loginLimitPerAccount: number;
  loginLimitPerIp: number;
  loginLimitWindowSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  logFormat: 'text' | 'json';
  trustProxy: boolean;
  frontendDir?: string;
  smtpPort: number;
  smtpMaxMessageBytes: number;
  smtpMaxClients: number;
  smtpTlsCertFile?: string;
  smtpTlsKeyFile?: string;
  smtpProxyProtocol: boolean | string[];
  mailbox: string;
  secretKey?: string;
  mailDomain?: string;
  inboundSweepSeconds: number;
  workerConcurrency: number;
  /** A licence text (the chart's licence.key); wins over one installed through the API. */
  licenceKey?: string;
  /** The outbound relay, e.g. smtp://user:pass@host:587; when unset, admins may set one in settings. */
  smtpRelayUrl?: string;
  outboundAttempts: number;
  outboundBackoffMs: number;
  /** Base URL customers reach the help desk at (portal links); unset: derived from each request. */
  publicUrl?: string;
  contactLimitPerIp: number;
  contactLimitPerEmail: number;
  contactLimitWindowSeconds: number;
  portalLimitPerIp: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment. Every problem is collected so one boot
 * names every bad variable at once instead of failing on the first.
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean) => {
    const raw = str(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
    return fallback;
  };
  const url = (name: string, protocols: string[]) => {
    const raw = str(name);
    if (raw === undefined) return undefined;
    try {
      const u = new URL(raw);
      if (!protocols.includes(u.protocol)) throw new Error();
      return raw;
    } catch {
      problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    }
  };

  const role = (str('HELPDESK_ROLE') ?? 'all') as Role;
  if (!ROLES.includes(role)) problems.push(`HELPDESK_ROLE=${JSON.stringify(role)} must be one of ${ROLES.join(', ')}`);

  const cookieSecureRaw = str('HELPDESK_COOKIE_SECURE')?.toLowerCase();
  let cookieSecure: Config['cookieSecure'] = 'auto';
  if (cookieSecureRaw !== undefined && cookieSecureRaw !== 'auto') cookieSecure = bool('HELPDESK_COOKIE_SECURE', false);

  const adminEmail = str('HELPDESK_ADMIN_EMAIL');
  if (adminEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    problems.push('HELPDESK_ADMIN_EMAIL must be an email address');
  }
  const adminPassword = str('HELPDESK_ADMIN_PASSWORD');
  if (adminPassword !== undefined && adminPassword.length < 10) {
    problems.push('HELPDESK_ADMIN_PASSWORD must be at least 10 characters');
  }

  const logLevel = (str('LOG_LEVEL') ?? 'info') as Config['logLevel'];
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel))
    problems.push('LOG_LEVEL must be debug, info, warn or error');
  const logFormat = (str('LOG_FORMAT') ?? 'text') as Config['logFormat'];
  if (!['text', 'json'].includes(logFormat)) problems.push('LOG_FORMAT must be text or json');

  const mailbox = (str('HELPDESK_MAILBOX') ?? 'support@localhost').toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(mailbox)) problems.push('HELPDESK_MAILBOX must be an email address');
  const secretKey = str('HELPDESK_SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 32)
    problems.push('HELPDESK_SECRET_KEY must be at least 32 characters');
  const proxyRaw = str('SMTP_PROXY_PROTOCOL');
  const smtpProxyProtocol =
    proxyRaw === undefined
      ? false
      : ['true', 'yes', '1'].includes(proxyRaw.toLowerCase())
        ? true
        : ['false', 'no', '0'].includes(proxyRaw.toLowerCase())
          ? false
          : proxyRaw
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
  const smtpTlsCertFile = str('SMTP_TLS_CERT_FILE');
  const smtpTlsKeyFile = str('SMTP_TLS_KEY_FILE');
  if (Boolean(smtpTlsCertFile) !== Boolean(smtpTlsKeyFile))
    problems.push('SMTP_TLS_CERT_FILE and SMTP_TLS_KEY_FILE must be set together');

  const config: Config = {
    role,
    port: int('PORT', 8080, 0, 65535),
    host: str('HOST') ?? '0.0.0.0',
    dataDir: path.resolve(str('HELPDESK_DATA_DIR') ?? '.helpdesk'),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 500),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    sessionTtlHours: int('HELPDESK_SESSION_TTL_HOURS', 24, 1, 24 * 90),
    cookieSecure,
    adminEmail,
    adminPassword,
    loginLimitPerAccount: int('HELPDESK_LOGIN_LIMIT_PER_ACCOUNT', 10, 1, 1_000_000),
    loginLimitPerIp: int('HELPDESK_LOGIN_LIMIT_PER_IP', 50, 1, 1_000_000),
    loginLimitWindowSeconds: int('HELPDESK_LOGIN_LIMIT_WINDOW_SECONDS', 900, 1, 86_400),
    logLevel,
    logFormat,
    trustProxy: bool('HELPDESK_TRUST_PROXY', false),
    frontendDir: str('HELPDESK_FRONTEND_DIR'),
    smtpPort: int('SMTP_PORT', 2525, 0, 65535),
    smtpMaxMessageBytes: int('SMTP_MAX_MESSAGE_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    smtpMaxClients: int('SMTP_MAX_CLIENTS', 200, 1, 100_000),
    smtpTlsCertFile,
    smtpTlsKeyFile,
    smtpProxyProtocol,
    mailbox,
    secretKey,
    mailDomain: str('HELPDESK_MAIL_DOMAIN'),
    inboundSweepSeconds: int('HELPDESK_INBOUND_SWEEP_SECONDS', 60, 1, 86_400),
    workerConcurrency: int('HELPDESK_WORKER_CONCURRENCY', 8, 1, 256),
    licenceKey: str('HELPDESK_LICENCE_KEY'),
    smtpRelayUrl: url('SMTP_RELAY_URL', ['smtp:', 'smtps:']),
    outboundAttempts: int('HELPDESK_OUTBOUND_ATTEMPTS', 12, 1, 100),
    outboundBackoffMs: int('HELPDESK_OUTBOUND_BACKOFF_MS', 10_000, 10, 3_600_000),
    publicUrl: url('HELPDESK_PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
    contactLimitPerIp: int('HELPDESK_CONTACT_LIMIT_PER_IP', 10, 1, 1_000_000),
    contactLimitPerEmail: int('HELPDESK_CONTACT_LIMIT_PER_EMAIL', 5, 1, 1_000_000),
    contactLimitWindowSeconds: int('HELPDESK_CONTACT_LIMIT_WINDOW_SECONDS', 3600, 1, 86_400 * 7),
    portalLimitPerIp: int('HELPDESK_PORTAL_LIMIT_PER_IP', 120, 1, 1_000_000),
  };

  if (config.smtpRelayUrl && !new URL(config.smtpRelayUrl).hostname) problems.push('SMTP_RELAY_URL must name a host');
  if (role !== 'all' && !config.databaseUrl) problems.push(`DATABASE_URL is required for HELPDESK_ROLE=${role}`);
  if (role !== 'all' && role !== 'migrate' && !config.redisUrl)
    problems.push(`REDIS_URL is required for HELPDESK_ROLE=${role}`);

  if (problems.length) throw new ConfigError(problems);
  return config;
}
