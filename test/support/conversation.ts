import { connect, Socket } from 'node:net';

/** A raw TCP conversation: write, then read whatever the server answers, one step at a time. */
export class Conversation {
  private buffer = '';
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => {
      this.buffer += d;
      this.waiters.splice(0).forEach((w) => w());
    });
    // A reset after connecting ends the conversation like a close does (and must not crash the test).
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.closed = true;
      this.waiters.splice(0).forEach((w) => w());
    });
  }

  /** Connects to 127.0.0.1:`port`, from `localAddress` (another loopback address) when given. */
  static open(port: number, localAddress?: string): Promise<Conversation> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', localAddress });
      socket.once('connect', () => resolve(new Conversation(socket)));
      socket.once('error', reject);
    });
  }

  /** Resolves with everything received up to the first match of `pattern`. */
  read(pattern: RegExp, ms = 10000): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} in ${JSON.stringify(this.buffer)}`)), ms);
      const check = () => {
        const m = pattern.exec(this.buffer);
        if (m) {
          clearTimeout(timer);
          const upTo = m.index + m[0].length;
          resolve(this.buffer.slice(0, upTo));
          this.buffer = this.buffer.slice(upTo);
        } else if (this.closed) {
          clearTimeout(timer);
          reject(new Error(`closed before ${pattern}: ${JSON.stringify(this.buffer)}`));
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  /** Sends SMTP lines and resolves with the final reply line. */
  async smtp(...lines: string[]): Promise<string> {
    this.socket.write(lines.map((l) => `${l}\r\n`).join(''));
    return (await this.read(/^\d{3} .*\r\n/m)).trim().split('\r\n').pop()!;
  }
}
