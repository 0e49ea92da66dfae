/** An IMAP mailbox source written straight into the database (see mail-sources.cjs). */
export function insertImapSource(
  db: { query(sql: string, params?: unknown[]): Promise<unknown> },
  s: { mailboxId: number; secretKey: Buffer; port: number; user: string; password: string; pollSeconds: number },
): Promise<void>;
