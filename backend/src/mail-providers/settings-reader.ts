import { isIP } from 'node:net';

const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export type Input = Record<string, unknown>;

/** Bad input, by field (`source.host`, `transport.port`), as the API's validation errors are. */
export class SettingsInputError extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    super(
      Object.entries(fields)
        .map(([f, p]) => `${f}: ${p.join('; ')}`)
        .join('; '),
    );
  }
}

/**
 * Reads the settings of a mailbox's source or transport as the API receives them: small typed
 * readers that collect every problem by field (prefixed, e.g. `source.oauth2.tokenUrl`), and
 * the list of fields allowed, so a field of another type is named too.
 */
export class SettingsReader {
  readonly problems: Record<string, string[]>;
  private readonly allowed: Set<string>;

  constructor(
    private readonly prefix: string,
    allowed: string[],
    problems?: Record<string, string[]>,
    readonly input: Input = {},
  ) {
    this.problems = problems ?? {};
    this.allowed = new Set(allowed);
  }

  fail(key: string, message: string): undefined {
    const field = key ? `${this.prefix}.${key}` : this.prefix;
    (this.problems[field] ??= []).push(message);
    return undefined;
  }

  allow(...keys: string[]) {
    for (const k of keys) this.allowed.add(k);
  }

  unknownKeys(input: Input) {
    const kind = this.prefix.split('.')[0];
    for (const k of Object.keys(input)) if (!this.allowed.has(k)) this.fail(k, `is not a field of this ${kind} type`);
  }

  /** Throws the problems found, if any. @throws SettingsInputError */
  check() {
    if (Object.keys(this.problems).length) throw new SettingsInputError(this.problems);
  }

  nested(value: unknown, key: string): SettingsReader | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return this.fail(key, 'must be an object');
    return new SettingsReader(`${this.prefix}.${key}`, [], this.problems, value as Input);
  }

  text(o: Input, key: string, opts: { required?: boolean; max: number; raw?: boolean }): string | undefined {
    const value = o[key];
    if (value === undefined || value === null || value === '') {
      if (opts.required) this.fail(key, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') return this.fail(key, 'must be a string');
    const s = opts.raw ? value : value.trim();
    if (s.length > opts.max) return this.fail(key, `must be at most ${opts.max} characters`);
    // eslint-disable-next-line no-control-regex -- control characters would end up in IMAP/SMTP commands or headers
    if (/[\u0000-\u001f\u007f]/.test(s) && !opts.raw) return this.fail(key, 'must not contain control characters');
    return s;
  }

  int(o: Input, key: string, min: number, max: number): number | undefined {
    const value = o[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      return this.fail(key, `must be a whole number from ${min} to ${max}`);
    return value;
  }

  bool(o: Input, key: string): boolean | undefined {
    const value = o[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') return this.fail(key, 'must be true or false');
    return value;
  }

  oneOf<T extends string>(o: Input, key: string, values: readonly T[]): T | undefined {
    const value = o[key];
    if (value === undefined) return this.fail(key, `is required: one of ${values.join(', ')}`);
    if (!values.includes(value as T)) return this.fail(key, `must be one of ${values.join(', ')}`);
    return value as T;
  }

  host(o: Input, key: string): string | undefined {
    const s = this.text(o, key, { required: true, max: 253 });
    if (s === undefined) return undefined;
    if (!HOST.test(s) && !isIP(s)) return this.fail(key, 'must be a host name or an IP address');
    return s.toLowerCase();
  }

  address(o: Input, key: string): string | undefined {
    const s = this.text(o, key, { required: true, max: 320 });
    if (s === undefined) return undefined;
    if (!ADDRESS.test(s)) return this.fail(key, 'must be an email address');
    return s.toLowerCase();
  }

  /** https, or http to this machine only (a token endpoint must not be read by the network). */
  tokenUrl(o: Input, key: string): string | undefined {
    const s = this.text(o, key, { required: true, max: 2000 });
    if (s === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(s);
    } catch {
      return this.fail(key, 'must be a URL');
    }
    const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
      return this.fail(key, 'must be an https URL (http only on this machine)');
    return url.toString();
  }
}
