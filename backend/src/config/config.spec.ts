import * as path from 'node:path';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the single-machine role on port 8080 with ./.helpdesk as data dir', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      role: 'all',
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('.helpdesk'),
      cookieSecure: 'auto',
    });
    expect(c.databaseUrl).toBeUndefined();
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
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ HELPDESK_PUBLIC_URL: 'https://help.example.com/desk/' }).publicUrl).toBe(
      'https://help.example.com/desk',
    );
    expect(() => loadConfig({ HELPDESK_PUBLIC_URL: 'help.example.com' })).toThrow(/HELPDESK_PUBLIC_URL/);
    expect(() => loadConfig({ HELPDESK_PUBLIC_URL: 'ftp://help.example.com' })).toThrow(/HELPDESK_PUBLIC_URL/);
  });

  it('reads booleans and integers in their usual spellings', () => {
    const c = loadConfig({ HELPDESK_TRUST_PROXY: 'yes', HELPDESK_COOKIE_SECURE: 'true', DATABASE_POOL_SIZE: '25' });
    expect(c).toMatchObject({ trustProxy: true, cookieSecure: true, databasePoolSize: 25 });
  });

  it('accepts an smtp:// or smtps:// relay with a host, and nothing else', () => {
    expect(loadConfig({ SMTP_RELAY_URL: 'smtp://user:pass@relay.example.com:587' }).smtpRelayUrl).toBe(
      'smtp://user:pass@relay.example.com:587',
    );
    expect(() => loadConfig({ SMTP_RELAY_URL: 'http://relay.example.com' })).toThrow(/SMTP_RELAY_URL/);
    expect(() => loadConfig({ SMTP_RELAY_URL: 'smtp://' })).toThrow(/SMTP_RELAY_URL/);
  });
});
