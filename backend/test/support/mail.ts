import { connect, Socket } from 'node:net';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { SmtpReceiver } from '../../src/mail-in/smtp/smtp-receiver.service';
import { TestApp } from './test-app';

/** Sends a message over real SMTP to the app's receiver; resolves with the server's 250 line. */
export async function sendMail(
  t: TestApp,
  message: Mail.Options & { envelope?: { from: string; to: string[] } },
): Promise<string> {
  const port = t.app.get(SmtpReceiver).port;
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    tls: { rejectUnauthorized: false },
  });
  try {
    const info = await transport.sendMail(message);
    return info.response;
  } finally {
    transport.close();
  }
}

/** A raw SMTP session (on a port, or an already open socket): sends each line, returns every reply the server gave. */
export function smtpSession(target: number | Socket, lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = typeof target === 'number' ? connect(target, '127.0.0.1') : target;
    const replies: string[] = [];
    let buffer = '';
    let next = 0;
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      buffer += d;
      let idx;
      while ((idx = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        if (/^\d{3}-/.test(line)) {
          replies.push(line);
          continue;
        }
        replies.push(line);
        if (next < lines.length) socket.write(lines[next++] + '\r\n');
        else socket.end();
      }
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(replies));
  });
}

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
