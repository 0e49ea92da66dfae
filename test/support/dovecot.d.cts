import type { ImapFlow } from 'imapflow';

export { freePort } from './free-port.cjs';

/** A real Dovecot for tests and benchmarks (see dovecot.cjs). */
export class Dovecot {
  constructor(opts?: { introspectionUrl?: string });
  readonly dir: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  kick(user: string): void;
  destroy(): Promise<void>;
  addUser(user: string, password: string): void;
  maildir(user: string): string;
  deliverFile(user: string, raw: string | Buffer, name?: string): void;
  resetUids(user: string): void;
  client(user: string): Promise<ImapFlow>;
  append(user: string, messages: (string | Buffer)[], flags?: string[]): Promise<void>;
  flags(user: string): Promise<Map<number, Set<string>>>;
}
