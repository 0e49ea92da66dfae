// An IMAP mailbox source written straight into the database, for benchmarks and system tests
// that run the built backend without its API: the secrets sealed as the API seals them.
const path = require('node:path');
const { seal } = require(path.join(__dirname, '../../backend/dist/secrets/secret-box.js'));

/**
 * @param {{query: (sql: string, params?: unknown[]) => Promise<unknown>}} db
 * @param {{mailboxId: number, secretKey: Buffer, port: number, user: string, password: string, pollSeconds: number}} s
 */
async function insertImapSource(db, s) {
  const settings = {
    type: 'imap',
    host: '127.0.0.1',
    port: s.port,
    tls: 'none',
    folder: 'INBOX',
    user: s.user,
    auth: 'password',
    oauth2: null,
    moveTo: null,
    pollSeconds: s.pollSeconds,
  };
  const secrets = seal(
    s.secretKey,
    'mail-source',
    String(s.mailboxId),
    Buffer.from(JSON.stringify({ password: s.password })),
  );
  await db.query(`INSERT INTO mail_sources (mailbox_id, type, settings, secrets) VALUES ($1, 'imap', $2, $3)`, [
    s.mailboxId,
    settings,
    secrets,
  ]);
}

module.exports = { insertImapSource };
