import proxyAddr from '@fastify/proxy-addr';
import * as path from 'node:path';

export const ROLES = ['api', 'worker', 'smtp', 'all', 'migrate'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Everything the process reads from its environment, validated once at boot, nested by
 * concern and frozen: nothing is patched in later. `database.url` and `redis.url` may be
 * missing here only for role `all` (which then starts its own services) and `redis.url`
 * for role `migrate`; a running app gets a {@link Config}, where both are known.
 */
export interface EnvConfig {
  readonly role: Role;
  /** Data of the embedded PostgreSQL and Redis (role `all`), the initial admin password. */
  readonly dataDir: string;
  readonly http: {
    readonly port: number;
    readonly host: string;
    /**
     * Which peers may tell us the client's address (X-Forwarded-For) and protocol: false
     * (none), a hop count (trust that many proxies nearest to us), or proxy addresses and
     * CIDRs. `true` in the environment means one hop.
     */
    readonly trustProxy: false | number | readonly string[];
    readonly cookieSecure: 'auto' | boolean;
    /** Base URL customers reach the help desk at (portal links); unset: derived from each request. */
    readonly publicUrl?: string;
    readonly frontendDir?: string;
  };
  /** Prometheus metrics: their own port (never the public one), on `http.host`; 0 picks a free port. */
  readonly metrics: { readonly port: number };
  readonly database: {
    readonly url?: string;
    readonly poolSize: number;
    /** A query the app sends gets this long before it fails (a frozen or unreachable database): 503 or 451, never a hang. */
    readonly queryTimeoutMs: number;
    /** Repository SQL runs as named prepared statements (database/statements.ts); off behind a pooler that cannot keep them. */
    readonly preparedStatements: boolean;
  };
  readonly redis: { readonly url?: string };
  /** The first admin, created when no admin exists. */
  readonly admin: { readonly email?: string; readonly password?: string };
  readonly auth: {
    readonly sessionTtlHours: number;
    readonly loginLimits: { readonly perAccount: number; readonly perIp: number; readonly windowSeconds: number };
    /** "Forgot password" requests: per client IP (answered 429) and mails per address (silently not sent), per window. */
    readonly passwordResetLimits: {
      readonly perIp: number;
      readonly perAddress: number;
      readonly windowSeconds: number;
    };
  };
  readonly log: { readonly level: 'debug' | 'info' | 'warn' | 'error'; readonly format: 'text' | 'json' };
  readonly smtp: {
    readonly port: number;
    readonly maxMessageBytes: number;
    readonly maxClients: number;
    /** Connections one client address may hold at once (421 beyond). */
    readonly maxClientsPerIp: number;
    /** Silence allowed between bytes, and the time a session has to start a transaction (MAIL FROM). */
    readonly idleTimeoutSeconds: number;
    /** Time from MAIL FROM to the end of DATA: a sender trickling bytes is cut off here. */
    readonly transactionTimeoutSeconds: number;
    /** Verify SPF, DKIM, DMARC and ARC at receipt; the 250 waits at most `verifyTimeoutMs` for it. */
    readonly verifySenders: boolean;
    readonly verifyTimeoutMs: number;
    readonly tls?: { readonly certFile: string; readonly keyFile: string };
    /** true: any peer may send a PROXY header; a list: only these load balancer addresses. */
    readonly proxyProtocol: boolean | readonly string[];
  };
  readonly mail: {
    /** The mailbox created on first start when there is none. */
    readonly defaultMailbox: string;
    /** Domain of the Message-IDs and reply addresses we mint; unset: the default mailbox's. */
    readonly domain?: string;
  };
  /** HMAC key for Message-IDs, reply tokens and portal links; unset: generated and kept in the database. */
  readonly secretKey?: string;
  readonly worker: {
    readonly concurrency: number;
    readonly inboundSweepSeconds: number;
    /** Failed processing attempts after which a spool row is `failed` (kept, shown to admins, re-processable). */
    readonly inboundMaxAttempts: number;
  };
  readonly outbound: {
    /** The relay, e.g. smtp://user:pass@host:587; when unset, admins may set one in settings. */
    readonly relayUrl?: string;
    readonly attempts: number;
    readonly backoffMs: number;
  };
  readonly rules: {
    /** How often the worker holding the lease runs the automations (at most every 5 minutes). */
    readonly automationsIntervalSeconds: number;
    /** Changes rules may make to one ticket in a minute before they pause on it (the loop cap). */
    readonly changesPerMinute: number;
  };
  readonly webhooks: {
    /** Allow URLs that resolve to private, loopback or link-local addresses (a test receiver, an intranet). */
    readonly allowPrivate: boolean;
    readonly timeoutMs: number;
    readonly attempts: number;
    readonly backoffMs: number;
    /** Failed attempts in a row after which a webhook is turned off, with a notice. */
    readonly disableAfter: number;
  };
  /** The api's proxy for remote images in mail (remote-images/). */
  readonly remoteImages: {
    /**
     * Origins (`http://127.0.0.1:8025`) fetched even though they resolve to private,
     * loopback or link-local addresses (a test server, an intranet): exactly these, so a
     * redirect elsewhere inside is still refused.
     */
    readonly allowPrivateOrigins: readonly string[];
    readonly timeoutMs: number;
    readonly maxBytes: number;
  };
  /** A licence text (the chart's licence.key); wins over one installed through the API. */
  readonly licence: { readonly key?: string };
  readonly contactForm: { readonly limitPerIp: number; readonly limitPerEmail: number; readonly windowSeconds: number };
  readonly portal: { readonly limitPerIp: number };
  /** Requests per minute, counted in Redis across replicas: per API token, and per client IP without credentials. */
  readonly rateLimits: { readonly perTokenPerMinute: number; readonly anonymousPerIpPerMinute: number };
  /** Where attachments and processed raw mail are kept (docs/architecture.md, "Object storage"). */
  readonly storage: {
    /** Where new files go; `s3` needs `s3`. Files already stored stay readable where they are. */
    readonly target: 'postgres' | 's3';
    /** An S3-compatible bucket (AWS S3, MinIO, Ceph RGW…); unset: PostgreSQL only. */
    readonly s3?: S3Settings;
  };
}

export interface S3Settings {
  /** e.g. https://minio.example.com; unset: AWS S3 of `region`. */
  readonly endpoint?: string;
  readonly bucket: string;
  readonly region: string;
  /** Both or neither; neither: the SDK's default chain (IAM role, web identity, AWS_* variables). */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string };
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key` (MinIO, most self-hosted stores). */
  readonly forcePathStyle: boolean;
}

/** The configuration of a running app: its database and Redis are known. */
export interface Config extends EnvConfig {
  readonly database: {
    readonly url: string;
    readonly poolSize: number;
    readonly queryTimeoutMs: number;
    readonly preparedStatements: boolean;
  };
  readonly redis: { readonly url: string };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment. Every problem is collected so one boot names
 * every bad variable at once instead of failing on the first. Every variable is read
 * here, by a literal name (the README's table is checked against these names).
 * @throws ConfigError naming each bad or missing variable.
 */
export function loadConfig(env: Env = process.env): EnvConfig {
  const problems: string[] = [];
  const read = envReaders(env, problems);
  const { str, int, bool, url } = read;

  const role = (str('HELPDESK_ROLE') ?? 'all') as Role;
  if (!ROLES.includes(role)) problems.push(`HELPDESK_ROLE=${JSON.stringify(role)} must be one of ${ROLES.join(', ')}`);

  const cookieSecureRaw = str('HELPDESK_COOKIE_SECURE')?.toLowerCase();
  const cookieSecure: 'auto' | boolean =
    cookieSecureRaw === undefined || cookieSecureRaw === 'auto' ? 'auto' : bool('HELPDESK_COOKIE_SECURE', false);

  const adminEmail = str('HELPDESK_ADMIN_EMAIL');
  if (adminEmail !== undefined && !isAddress(adminEmail))
    problems.push('HELPDESK_ADMIN_EMAIL must be an email address');
  const adminPassword = str('HELPDESK_ADMIN_PASSWORD');
  if (adminPassword !== undefined && adminPassword.length < 10) {
    problems.push('HELPDESK_ADMIN_PASSWORD must be at least 10 characters');
  }

  const logLevel = read.oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'] as const, 'info');
  const logFormat = read.oneOf('LOG_FORMAT', ['text', 'json'] as const, 'text');

  const defaultMailbox = (str('HELPDESK_MAILBOX') ?? 'support@localhost').toLowerCase();
  if (!isAddress(defaultMailbox)) problems.push('HELPDESK_MAILBOX must be an email address');
  const secretKey = str('HELPDESK_SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 32)
    problems.push('HELPDESK_SECRET_KEY must be at least 32 characters');

  const certFile = str('SMTP_TLS_CERT_FILE');
  const keyFile = str('SMTP_TLS_KEY_FILE');
  if (Boolean(certFile) !== Boolean(keyFile))
    problems.push('SMTP_TLS_CERT_FILE and SMTP_TLS_KEY_FILE must be set together');

  const relayUrl = url('SMTP_RELAY_URL', ['smtp:', 'smtps:']);
  if (relayUrl && !new URL(relayUrl).hostname) problems.push('SMTP_RELAY_URL must name a host');

  const bucket = str('S3_BUCKET');
  const s3Endpoint = url('S3_ENDPOINT', ['http:', 'https:']);
  const accessKeyId = str('S3_ACCESS_KEY_ID');
  const secretAccessKey = str('S3_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  const s3: S3Settings | undefined = bucket
    ? {
        endpoint: s3Endpoint,
        bucket,
        region: str('S3_REGION') ?? 'us-east-1',
        credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
        forcePathStyle: bool('S3_FORCE_PATH_STYLE', false),
      }
    : undefined;
  const blobStore = read.oneOf('HELPDESK_BLOB_STORE', ['postgres', 's3'] as const, s3 ? 's3' : 'postgres');
  if (blobStore === 's3' && !s3) problems.push('HELPDESK_BLOB_STORE=s3 needs S3_BUCKET (and its S3_* settings)');
  if (!bucket && (s3Endpoint || accessKeyId || str('S3_REGION') || str('S3_FORCE_PATH_STYLE')))
    problems.push('S3_BUCKET is required when any other S3_* variable is set');

  const config: EnvConfig = {
    role,
    dataDir: path.resolve(str('HELPDESK_DATA_DIR') ?? '.helpdesk'),
    http: {
      port: int('PORT', 8080, 0, 65535),
      host: str('HOST') ?? '0.0.0.0',
      trustProxy: trustProxy(str('HELPDESK_TRUST_PROXY'), problems),
      cookieSecure,
      publicUrl: url('HELPDESK_PUBLIC_URL', ['http:', 'https:'])?.replace(/\/+$/, ''),
      frontendDir: str('HELPDESK_FRONTEND_DIR'),
    },
    metrics: { port: int('METRICS_PORT', 9464, 0, 65535) },
    database: {
      url: url('DATABASE_URL', ['postgres:', 'postgresql:']),
      poolSize: int('DATABASE_POOL_SIZE', 10, 1, 500),
      queryTimeoutMs: int('DATABASE_QUERY_TIMEOUT_MS', 15_000, 100, 3_600_000),
      preparedStatements: bool('DATABASE_PREPARED_STATEMENTS', true),
    },
    redis: { url: url('REDIS_URL', ['redis:', 'rediss:']) },
    admin: { email: adminEmail, password: adminPassword },
    auth: {
      sessionTtlHours: int('HELPDESK_SESSION_TTL_HOURS', 24, 1, 24 * 90),
      loginLimits: {
        perAccount: int('HELPDESK_LOGIN_LIMIT_PER_ACCOUNT', 10, 1, 1_000_000),
        perIp: int('HELPDESK_LOGIN_LIMIT_PER_IP', 50, 1, 1_000_000),
        windowSeconds: int('HELPDESK_LOGIN_LIMIT_WINDOW_SECONDS', 900, 1, 86_400),
      },
      passwordResetLimits: {
        perIp: int('HELPDESK_PASSWORD_RESET_LIMIT_PER_IP', 20, 1, 1_000_000),
        perAddress: int('HELPDESK_PASSWORD_RESET_LIMIT_PER_ADDRESS', 3, 1, 1_000_000),
        windowSeconds: int('HELPDESK_PASSWORD_RESET_LIMIT_WINDOW_SECONDS', 3600, 1, 86_400),
      },
    },
    log: { level: logLevel, format: logFormat },
    smtp: {
      port: int('SMTP_PORT', 2525, 0, 65535),
      maxMessageBytes: int('SMTP_MAX_MESSAGE_BYTES', 25 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
      maxClients: int('SMTP_MAX_CLIENTS', 200, 1, 100_000),
      maxClientsPerIp: int('SMTP_MAX_CLIENTS_PER_IP', 20, 1, 100_000),
      idleTimeoutSeconds: int('SMTP_IDLE_TIMEOUT_SECONDS', 60, 1, 3600),
      transactionTimeoutSeconds: int('SMTP_TRANSACTION_TIMEOUT_SECONDS', 600, 1, 86_400),
      verifySenders: bool('SMTP_VERIFY_SENDERS', true),
      verifyTimeoutMs: int('SMTP_VERIFY_TIMEOUT_MS', 3000, 100, 60_000),
      tls: certFile && keyFile ? { certFile, keyFile } : undefined,
      proxyProtocol: proxyProtocol(str('SMTP_PROXY_PROTOCOL')),
    },
    mail: { defaultMailbox, domain: str('HELPDESK_MAIL_DOMAIN') },
    secretKey,
    worker: {
      concurrency: int('HELPDESK_WORKER_CONCURRENCY', 8, 1, 256),
      inboundSweepSeconds: int('HELPDESK_INBOUND_SWEEP_SECONDS', 60, 1, 86_400),
      inboundMaxAttempts: int('HELPDESK_INBOUND_MAX_ATTEMPTS', 5, 1, 100),
    },
    outbound: {
      relayUrl,
      attempts: int('HELPDESK_OUTBOUND_ATTEMPTS', 12, 1, 100),
      backoffMs: int('HELPDESK_OUTBOUND_BACKOFF_MS', 10_000, 10, 3_600_000),
    },
    rules: {
      automationsIntervalSeconds: int('HELPDESK_AUTOMATIONS_INTERVAL_SECONDS', 300, 1, 300),
      changesPerMinute: int('HELPDESK_RULES_CHANGES_PER_MINUTE', 30, 1, 100_000),
    },
    webhooks: {
      allowPrivate: bool('HELPDESK_WEBHOOKS_ALLOW_PRIVATE', false),
      timeoutMs: int('HELPDESK_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
      attempts: int('HELPDESK_WEBHOOK_ATTEMPTS', 8, 1, 100),
      backoffMs: int('HELPDESK_WEBHOOK_BACKOFF_MS', 10_000, 10, 3_600_000),
      disableAfter: int('HELPDESK_WEBHOOK_DISABLE_AFTER', 20, 1, 100_000),
    },
    remoteImages: {
      allowPrivateOrigins: originList(str('HELPDESK_REMOTE_IMAGES_ALLOW_PRIVATE_ORIGINS'), problems),
      timeoutMs: int('HELPDESK_REMOTE_IMAGES_TIMEOUT_MS', 10_000, 100, 120_000),
      maxBytes: int('HELPDESK_REMOTE_IMAGES_MAX_BYTES', 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    },
    licence: { key: str('HELPDESK_LICENCE_KEY') },
    contactForm: {
      limitPerIp: int('HELPDESK_CONTACT_LIMIT_PER_IP', 10, 1, 1_000_000),
      limitPerEmail: int('HELPDESK_CONTACT_LIMIT_PER_EMAIL', 5, 1, 1_000_000),
      windowSeconds: int('HELPDESK_CONTACT_LIMIT_WINDOW_SECONDS', 3600, 1, 86_400 * 7),
    },
    portal: { limitPerIp: int('HELPDESK_PORTAL_LIMIT_PER_IP', 120, 1, 1_000_000) },
    rateLimits: {
      perTokenPerMinute: int('HELPDESK_TOKEN_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
      anonymousPerIpPerMinute: int('HELPDESK_ANONYMOUS_LIMIT_PER_IP', 300, 1, 1_000_000),
    },
    storage: { target: blobStore, s3 },
  };

  if (config.metrics.port !== 0 && config.metrics.port === config.http.port)
    problems.push('METRICS_PORT must differ from PORT (metrics are never served on the public port)');

  if (role !== 'all' && !config.database.url) problems.push(`DATABASE_URL is required for HELPDESK_ROLE=${role}`);
  if (role !== 'all' && role !== 'migrate' && !config.redis.url) {
    problems.push(`REDIS_URL is required for HELPDESK_ROLE=${role}`);
  }

  if (problems.length) throw new ConfigError(problems);
  return deepFreeze(config);
}

/**
 * The configuration of a running app: the environment's, with the database and Redis the
 * launcher started where the environment named none (role `all`).
 * @throws ConfigError when either is still unknown.
 */
export function appConfig(env: EnvConfig, started: { databaseUrl?: string; redisUrl?: string } = {}): Config {
  const databaseUrl = env.database.url ?? started.databaseUrl;
  const redisUrl = env.redis.url ?? started.redisUrl;
  const problems = [
    ...(databaseUrl ? [] : ['DATABASE_URL is required']),
    ...(redisUrl ? [] : ['REDIS_URL is required']),
  ];
  if (!databaseUrl || !redisUrl) throw new ConfigError(problems);
  return deepFreeze({ ...env, database: { ...env.database, url: databaseUrl }, redis: { url: redisUrl } });
}

/** The environment parsers; each records a problem (naming the variable) and returns its fallback. */
function envReaders(env: Env, problems: string[]) {
  const str = (name: string) => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  return {
    str,
    int(name: string, fallback: number, min: number, max: number) {
      const raw = str(name);
      if (raw === undefined) return fallback;
      const n = Number(raw);
      if (Number.isInteger(n) && n >= min && n <= max) return n;
      problems.push(`${name}=${JSON.stringify(raw)} must be an integer from ${min} to ${max}`);
      return fallback;
    },
    bool(name: string, fallback: boolean) {
      const raw = str(name)?.toLowerCase();
      if (raw === undefined) return fallback;
      if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
      if (['0', 'false', 'no', 'off'].includes(raw)) return false;
      problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
      return fallback;
    },
    url(name: string, protocols: string[]) {
      const raw = str(name);
      if (raw === undefined) return undefined;
      try {
        if (protocols.includes(new URL(raw).protocol)) return raw;
      } catch {
        // reported below
      }
      problems.push(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);
      return undefined;
    },
    oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
      const raw = str(name) ?? fallback;
      if ((values as readonly string[]).includes(raw)) return raw as T;
      problems.push(`${name} must be ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`);
      return fallback;
    },
  };
}

/** `HELPDESK_REMOTE_IMAGES_ALLOW_PRIVATE_ORIGINS`: comma-separated http(s) origins, normalised. */
function originList(raw: string | undefined, problems: string[]): string[] {
  const origins: string[] = [];
  for (const item of (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    try {
      const url = new URL(item);
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        origins.push(url.origin);
        continue;
      }
    } catch {
      // reported below
    }
    problems.push(`HELPDESK_REMOTE_IMAGES_ALLOW_PRIVATE_ORIGINS: ${JSON.stringify(item)} is not an http(s) origin`);
  }
  return origins;
}

/** `SMTP_PROXY_PROTOCOL`: a boolean, or a comma-separated list of load balancer addresses. */
function proxyProtocol(raw: string | undefined): boolean | string[] {
  if (raw === undefined) return false;
  const lower = raw.toLowerCase();
  if (['true', 'yes', '1'].includes(lower)) return true;
  if (['false', 'no', '0'].includes(lower)) return false;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * `HELPDESK_TRUST_PROXY`: `false` (default), `true` (one hop: the nearest peer is our
 * proxy), a hop count, or a comma-separated list of proxy addresses and CIDRs (checked
 * with the proxy-addr Fastify itself uses). Never "trust every hop": the leftmost
 * X-Forwarded-For is whatever the client wrote.
 */
function trustProxy(raw: string | undefined, problems: string[]): false | number | string[] {
  const lower = raw?.toLowerCase();
  if (lower === undefined || ['false', 'no', '0', 'off'].includes(lower)) return false;
  if (['true', 'yes', 'on'].includes(lower)) return 1;
  if (/^\d+$/.test(lower)) {
    const hops = Number(lower);
    if (hops <= 100) return hops;
  } else {
    const list = raw!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    try {
      proxyAddr.compile(list);
      return list;
    } catch {
      // reported below
    }
  }
  problems.push(
    `HELPDESK_TRUST_PROXY=${JSON.stringify(raw)} must be false, true (one hop), a hop count up to 100, or a comma-separated list of proxy IP addresses or CIDRs`,
  );
  return false;
}

function isAddress(value: string): boolean {
  return /^[^@\s]+@[^@\s]+$/.test(value);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
