import * as path from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { appConfig, ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the single-machine role on port 8080 with ./.helpdesk as data dir', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      role: 'all',
      http: { port: 8080, host: '0.0.0.0', cookieSecure: 'auto' },
      dataDir: path.resolve('.helpdesk'),
    });
    expect(c.database.url).toBeUndefined();
  });

  it('names every bad variable at once', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        HELPDESK_ROLE: 'web',
        PORT: '99999',
        REDIS_URL: 'http://x',
        HELPDESK_COOKIE_SECURE: 'maybe',
        HELPDESK_ADMIN_PASSWORD: 'short',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    for (const name of ['HELPDESK_ROLE', 'PORT', 'REDIS_URL', 'HELPDESK_COOKIE_SECURE', 'HELPDESK_ADMIN_PASSWORD'])
      expect(text).toContain(name);
  });

  it('requires external services for the roles that run on a cluster', () => {
    expect(() => loadConfig({ HELPDESK_ROLE: 'worker' })).toThrow(
      /DATABASE_URL is required.*\n.*REDIS_URL is required/s,
    );
    expect(() => loadConfig({ HELPDESK_ROLE: 'migrate', DATABASE_URL: 'postgres://h/db' })).not.toThrow();
  });

  it('takes the public URL without its trailing slash, and only as http(s)', () => {
    expect(loadConfig({}).http.publicUrl).toBeUndefined();
    expect(loadConfig({ HELPDESK_PUBLIC_URL: 'https://help.example.com/desk/' }).http.publicUrl).toBe(
      'https://help.example.com/desk',
    );
    expect(() => loadConfig({ HELPDESK_PUBLIC_URL: 'help.example.com' })).toThrow(/HELPDESK_PUBLIC_URL/);
    expect(() => loadConfig({ HELPDESK_PUBLIC_URL: 'ftp://help.example.com' })).toThrow(/HELPDESK_PUBLIC_URL/);
  });

  it('reads booleans and integers in their usual spellings', () => {
    const c = loadConfig({ HELPDESK_COOKIE_SECURE: 'true', DATABASE_POOL_SIZE: '25' });
    expect(c).toMatchObject({ http: { cookieSecure: true }, database: { poolSize: 25 } });
  });

  it('trusts a proxy by hop count or by its addresses, never every hop; true means one hop', () => {
    const trust = (v?: string) => loadConfig(v === undefined ? {} : { HELPDESK_TRUST_PROXY: v }).http.trustProxy;
    expect([trust(), trust('false'), trust('0')]).toEqual([false, false, false]);
    expect([trust('true'), trust('yes'), trust('2')]).toEqual([1, 1, 2]);
    expect(trust('10.42.0.0/16, 192.0.2.7 ,fd00::/8')).toEqual(['10.42.0.0/16', '192.0.2.7', 'fd00::/8']);
    expect(() => trust('10.42.0.0/99')).toThrow(/HELPDESK_TRUST_PROXY/);
    expect(() => trust('ingress.local')).toThrow(/HELPDESK_TRUST_PROXY/);
    expect(() => trust('1000')).toThrow(/HELPDESK_TRUST_PROXY/);
  });

  it('accepts an smtp:// or smtps:// relay with a host, and nothing else', () => {
    expect(loadConfig({ SMTP_RELAY_URL: 'smtp://user:pass@relay.example.com:587' }).outbound.relayUrl).toBe(
      'smtp://user:pass@relay.example.com:587',
    );
    expect(() => loadConfig({ SMTP_RELAY_URL: 'http://relay.example.com' })).toThrow(/SMTP_RELAY_URL/);
    expect(() => loadConfig({ SMTP_RELAY_URL: 'smtp://' })).toThrow(/SMTP_RELAY_URL/);
  });

  it('keeps files in PostgreSQL unless a bucket is named, then writes new ones there unless told otherwise', () => {
    expect(loadConfig({}).storage).toEqual({ target: 'postgres', s3: undefined });
    const minio = {
      S3_BUCKET: 'files',
      S3_ENDPOINT: 'https://minio.example.com',
      S3_ACCESS_KEY_ID: 'AK',
      S3_SECRET_ACCESS_KEY: 'SK',
      S3_FORCE_PATH_STYLE: 'true',
    };
    expect(loadConfig(minio).storage).toEqual({
      target: 's3',
      s3: {
        bucket: 'files',
        endpoint: 'https://minio.example.com',
        region: 'us-east-1',
        credentials: { accessKeyId: 'AK', secretAccessKey: 'SK' },
        forcePathStyle: true,
      },
    });
    // Moving files back: the bucket stays readable, new files go to PostgreSQL.
    expect(loadConfig({ ...minio, HELPDESK_BLOB_STORE: 'postgres' }).storage.target).toBe('postgres');
    // AWS with an IAM role: no keys, no endpoint, virtual-hosted addressing.
    expect(loadConfig({ S3_BUCKET: 'files', S3_REGION: 'eu-west-1' }).storage.s3).toEqual({
      bucket: 'files',
      endpoint: undefined,
      region: 'eu-west-1',
      credentials: undefined,
      forcePathStyle: false,
    });
    expect(() => loadConfig({ HELPDESK_BLOB_STORE: 's3' })).toThrow(/HELPDESK_BLOB_STORE=s3 needs S3_BUCKET/);
    expect(() => loadConfig({ S3_ENDPOINT: 'https://minio.example.com' })).toThrow(/S3_BUCKET is required/);
    expect(() => loadConfig({ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'AK' })).toThrow(/set together/);
    expect(() => loadConfig({ S3_BUCKET: 'files', S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT must be a URL/);
    expect(() => loadConfig({ HELPDESK_BLOB_STORE: 'disk' })).toThrow(/HELPDESK_BLOB_STORE must be postgres or s3/);
  });
});

describe('appConfig', () => {
  it('is frozen all the way down: nothing is patched in after validation', () => {
    const c = appConfig(loadConfig({}), { databaseUrl: 'postgres://h/db', redisUrl: 'redis://h' });
    expect(c.database.url).toBe('postgres://h/db');
    expect(Object.isFrozen(c) && Object.isFrozen(c.http) && Object.isFrozen(c.auth.loginLimits)).toBe(true);
    expect(() => {
      (c.http as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('prefers the environment and refuses to run without a database or Redis', () => {
    const env = loadConfig({ DATABASE_URL: 'postgres://env/db', REDIS_URL: 'redis://env' });
    expect(appConfig(env, { databaseUrl: 'postgres://started/db' }).database.url).toBe('postgres://env/db');
    expect(() => appConfig(loadConfig({}), { databaseUrl: 'postgres://h/db' })).toThrow(/REDIS_URL is required/);
  });
});

/**
 * The README's configuration table is the contract between the code and the chart, so it
 * must name exactly the variables the code reads: each once, none missing, none stale.
 */
describe("the README's configuration table", () => {
  const root = path.resolve(__dirname, '../../..');
  const documented = () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('\n## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('\n## Configuration') + 1),
    );
    return section
      .split('\n')
      .filter((line) => line.startsWith('| `'))
      .flatMap((line) => [...line.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]));
  };
  const read = () => {
    const names = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts') && !file.endsWith('.spec.ts')) {
          const text = readFileSync(file, 'utf8');
          for (const m of text.matchAll(/\b(?:str|int|bool|url|oneOf)\(\s*'([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]);
          for (const m of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]+)|\[\s*'([A-Z][A-Z0-9_]+)'\s*\])/g)) {
            names.add(m[1] ?? m[2]);
          }
        }
      }
    };
    walk(path.join(root, 'backend/src'));
    return names;
  };

  it('lists every variable once', () => {
    const names = documented();
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('lists exactly the variables the code reads', () => {
    const code = read();
    const table = new Set(documented());
    expect(code.size).toBeGreaterThan(30);
    expect([...code].filter((n) => !table.has(n)).sort()).toEqual([]);
    expect([...table].filter((n) => !code.has(n)).sort()).toEqual([]);
  });
});
