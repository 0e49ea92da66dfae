import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createTransport } from 'nodemailer';
import { freePort, RunningProcess, startBackend, waitForHttp } from '../../support/processes';

export interface Instance {
  baseURL: string;
  smtpPort: number;
  admin: { email: string; password: string };
  process: RunningProcess;
  /** An API client signed in as `who` (cookie + CSRF), for arranging and checking state. */
  login(who: { email: string; password: string }): Promise<ApiClient>;
  /** Mails the instance over SMTP (`headers`: e.g. `Auto-Submitted` for an auto-reply); resolves with the 250 line. */
  sendMail(message: {
    from: string;
    subject: string;
    text: string;
    html?: string;
    to?: string;
    headers?: Record<string, string>;
  }): Promise<string>;
  stop(): Promise<void>;
}

export interface ApiClient {
  userId: number;
  /** JSON bodies, or FormData (a file upload). */
  request<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/**
 * `npm start` in a throwaway data directory: role all, its own PostgreSQL and Redis, the built UI.
 * `env` adds variables (e.g. SMTP_RELAY_URL).
 */
export async function startInstance(env: Record<string, string> = {}): Promise<Instance> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'helpdesk-e2e-'));
  const port = await freePort();
  const smtpPort = await freePort();
  const admin = { email: 'admin@example.com', password: 'e2e-admin-password' };
  const proc = startBackend({
    HELPDESK_DATA_DIR: dataDir,
    PORT: String(port),
    SMTP_PORT: String(smtpPort),
    HELPDESK_ROLE: 'all',
    HELPDESK_ADMIN_EMAIL: admin.email,
    HELPDESK_ADMIN_PASSWORD: admin.password,
    ...env,
  });
  await proc.waitFor(/role all listening on/, 90000);
  const baseURL = `http://127.0.0.1:${port}`;
  await waitForHttp(`${baseURL}/readyz`);

  return {
    baseURL,
    smtpPort,
    admin,
    process: proc,
    async login(who) {
      const res = await fetch(`${baseURL}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(who),
      });
      if (res.status !== 200) throw new Error(`login ${who.email}: ${res.status} ${await res.text()}`);
      const { csrfToken, user } = await res.json();
      const cookie = res.headers.getSetCookie()[0].split(';')[0];
      return {
        userId: user.id,
        async request(method, url, body) {
          const json = body !== undefined && !(body instanceof FormData);
          const r = await fetch(`${baseURL}${url}`, {
            method,
            headers: { cookie, 'x-csrf-token': csrfToken, ...(json ? { 'content-type': 'application/json' } : {}) },
            body: json ? JSON.stringify(body) : (body as FormData | undefined),
          });
          const text = await r.text();
          return { status: r.status, body: text ? JSON.parse(text) : undefined };
        },
      };
    },
    async sendMail({ from, subject, text, html, to = 'support@localhost', headers }) {
      const transport = createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true });
      try {
        return (await transport.sendMail({ from, to, subject, text, html, headers })).response;
      } finally {
        transport.close();
      }
    },
    async stop() {
      proc.child.kill('SIGTERM');
      await proc.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
