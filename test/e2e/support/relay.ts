import { ParsedMail, simpleParser } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback standing in for the outbound relay: keeps every mail it is given, parsed. */
export interface TestRelay {
  /** The relay URL to give the help desk (no TLS, no auth). */
  url: string;
  received: ParsedMail[];
  /** Each received mail's source, as sent (same order as `received`). */
  raw: string[];
  close(): Promise<void>;
}

export async function startRelay(): Promise<TestRelay> {
  const received: ParsedMail[] = [];
  const raw: string[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData: (stream, _session, cb) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const source = Buffer.concat(chunks);
        void simpleParser(source).then((mail) => {
          raw.push(source.toString('utf8'));
          received.push(mail);
          cb();
        }, cb);
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    raw,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
