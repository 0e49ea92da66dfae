import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from '../../../test/support/free-port.cjs';

export interface OidcAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

export interface TestOidcProvider {
  issuer: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts oidc-provider (test/support/oidc-provider.mjs) on a free loopback port and waits
 * until it listens. `port` may be chosen beforehand (freePort) when the relying party must
 * know the issuer before the provider knows its redirect URIs.
 */
export async function startOidcProvider(opts: {
  port?: number;
  clients: { client_id: string; client_secret?: string; redirect_uris: string[] }[];
  accounts: Record<string, OidcAccount>;
  idTokenTtl?: number;
  clockOffsetSeconds?: number;
}): Promise<TestOidcProvider> {
  const port = opts.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(__dirname, 'oidc-provider.mjs'), JSON.stringify({ ...opts, port })],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /issuer (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`oidc-provider exited ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`oidc-provider did not start: ${stderr}`)), 15000).unref();
  });
  return {
    issuer,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A tiny cookie jar per origin (enough for one sign-in: names and values, no attributes). */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  store(url: string, res: Response) {
    const jar = this.jars.get(new URL(url).host) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const value = pair.slice(i + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === '') jar.delete(pair.slice(0, i));
      else jar.set(pair.slice(0, i), value);
    }
    this.jars.set(new URL(url).host, jar);
  }

  header(url: string): string {
    return [...(this.jars.get(new URL(url).host) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get(url: string, name: string) {
    return this.jars.get(new URL(url).host)?.get(name);
  }
}

/** One request with the jar's cookies, redirects not followed. */
export async function jarFetch(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) },
  });
  jar.store(url, res);
  return res;
}

/**
 * Drives the provider's development sign-in page over HTTP, as a browser would, from our
 * `start` URL up to (not including) the provider's redirect back to our callback, whose
 * URL it returns. `login` names the account.
 */
export async function signInAtProvider(jar: CookieJar, startUrl: string, login: string): Promise<string> {
  let url = startUrl;
  let res = await jarFetch(jar, url);
  for (let hops = 0; hops < 20; hops++) {
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url).href;
      if (next.includes('/api/v1/auth/oidc/') && next.includes('/callback')) return next;
      url = next;
      res = await jarFetch(jar, url);
      continue;
    }
    const html = await res.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html);
    if (res.status !== 200 || !form)
      throw new Error(`unexpected provider answer ${res.status} at ${url}: ${html.slice(0, 500)}`);
    const fields = new URLSearchParams();
    for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi))
      fields.set(m[1], m[2]);
    if (/name="login"/.test(html)) {
      fields.set('login', login);
      fields.set('password', 'any password');
    }
    url = new URL(form[1].replace(/&amp;/g, '&'), url).href;
    res = await jarFetch(jar, url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
  }
  throw new Error('too many redirects at the provider');
}
