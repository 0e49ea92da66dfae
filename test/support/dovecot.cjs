// A real Dovecot (Debian's dovecot-imapd) for tests and benchmarks: its own config, Maildirs,
// passwd-file and sockets in a temp dir, IMAP on a free loopback port, in the foreground as a
// child. As root, mail is owned by the `dovecot` user (Dovecot refuses uid 0 for mail);
// otherwise everything runs as the current user. CommonJS so that both the backend's jest
// tests (TypeScript, via dovecot.d.cts) and the .mjs benchmarks use this one copy.
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const { connect } = require('node:net');
const { tmpdir, userInfo } = require('node:os');
const path = require('node:path');
const { ImapFlow } = require('imapflow');
const { freePort } = require('./free-port.cjs');

function accepts(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

class Dovecot {
  /** @param {{introspectionUrl?: string}} opts introspectionUrl enables SASL XOAUTH2/OAUTHBEARER (RFC 7662 introspection) */
  constructor(opts = {}) {
    this.opts = opts;
    this.dir = fs.mkdtempSync(path.join(tmpdir(), 'helpdesk-dovecot-'));
    this.port = 0;
    this.child = undefined;
    this.users = new Map();
    const me = userInfo();
    this.asRoot = me.uid === 0;
    if (this.asRoot) {
      const [, , uid, gid] = execFileSync('getent', ['passwd', 'dovecot'], { encoding: 'utf8' }).trim().split(':');
      this.uid = Number(uid);
      this.gid = Number(gid);
    } else {
      this.uid = me.uid;
      this.gid = me.gid;
    }
  }

  /** Writes the config and starts the server (again, on the same port, after `stop`). */
  async start() {
    if (!this.port) this.port = await freePort();
    // mkdtemp makes the directory 0700: the mail processes (another uid as root) must reach their homes.
    fs.chmodSync(this.dir, 0o755);
    for (const d of ['run', 'state', 'home']) fs.mkdirSync(path.join(this.dir, d), { recursive: true });
    this.own(path.join(this.dir, 'home'));
    const passdbs = [
      `passdb {\n  driver = passwd-file\n  mechanisms = plain login\n  args = scheme=PLAIN username_format=%u ${this.dir}/passwd\n}`,
    ];
    if (this.opts.introspectionUrl) {
      fs.writeFileSync(
        path.join(this.dir, 'oauth2.conf.ext'),
        [
          'introspection_mode = post',
          `introspection_url = ${this.opts.introspectionUrl}`,
          'username_attribute = username',
          'active_attribute = active',
          'active_value = true',
          'force_introspection = yes',
          '',
        ].join('\n'),
      );
      passdbs.push(
        `passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${this.dir}/oauth2.conf.ext\n}`,
      );
    }
    const me = userInfo().username;
    fs.writeFileSync(
      path.join(this.dir, 'dovecot.conf'),
      [
        `base_dir = ${this.dir}/run`,
        `state_dir = ${this.dir}/state`,
        `log_path = ${this.dir}/dovecot.log`,
        `instance_name = helpdesk-test-${this.port}`,
        'protocols = imap',
        'listen = 127.0.0.1',
        'ssl = no',
        'disable_plaintext_auth = no',
        // Failed logins answer at once (the default waits 2 s, which only slows the tests).
        'auth_failure_delay = 0',
        `auth_mechanisms = plain login${this.opts.introspectionUrl ? ' xoauth2 oauthbearer' : ''}`,
        'mail_location = maildir:~/Maildir',
        ...(this.asRoot ? [] : [`default_login_user = ${me}`, `default_internal_user = ${me}`]),
        `first_valid_uid = ${this.uid}`,
        ...passdbs,
        `userdb {\n  driver = static\n  args = uid=${this.uid} gid=${this.gid} home=${this.dir}/home/%u\n}`,
        `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${this.port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n  chroot =\n}`,
        'service anvil {\n  chroot =\n}',
        '',
      ].join('\n'),
    );
    this.writePasswd();
    const child = spawn('dovecot', ['-F', '-c', path.join(this.dir, 'dovecot.conf')], { stdio: 'ignore' });
    this.child = child;
    const deadline = Date.now() + 15_000;
    while (!(await accepts(this.port))) {
      if (child.exitCode !== null)
        throw new Error(`dovecot exited with ${child.exitCode}; see ${this.dir}/dovecot.log`);
      if (Date.now() > deadline) throw new Error('dovecot did not start in time');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the server (SIGTERM to the master, which ends its children); the data stays. */
  async stop() {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    this.child = undefined;
  }

  /** Ends a user's IMAP sessions from the server side (`doveadm kick`), as an admin or a failover would. */
  kick(user) {
    execFileSync('doveadm', ['-c', path.join(this.dir, 'dovecot.conf'), 'kick', user], { stdio: 'ignore' });
  }

  /** Stops the server and removes its data. */
  async destroy() {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Adds (or changes the password of) a user; Dovecot reads the passwd-file again on change. */
  addUser(user, password) {
    this.users.set(user, password);
    for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(this.maildir(user), sub), { recursive: true });
    this.own(path.join(this.dir, 'home', user), true);
    this.writePasswd();
  }

  maildir(user) {
    return path.join(this.dir, 'home', user, 'Maildir');
  }

  /** Drops a message file into the Maildir directly, as a local delivery agent does (works while the server is down). */
  deliverFile(user, raw, name = `${Date.now()}.M${Math.random().toString(36).slice(2)}.test`) {
    const file = path.join(this.maildir(user), 'new', name);
    fs.writeFileSync(file, raw);
    this.own(file);
  }

  /**
   * Makes the server renumber the folder (a new UIDVALIDITY, RFC 3501 2.3.1.1), as a mailbox
   * restored or migrated does: the server must be stopped.
   */
  resetUids(user) {
    if (this.child) throw new Error('stop dovecot first');
    const dir = this.maildir(user);
    for (const f of fs.readdirSync(dir))
      if (f === 'dovecot-uidlist' || f.startsWith('dovecot.index')) fs.rmSync(path.join(dir, f));
  }

  /** A client of the test's own (to append, or to look at flags). */
  async client(user) {
    // A user added a moment ago may be refused until Dovecot has read the passwd-file again.
    for (let attempt = 1; ; attempt++) {
      const c = new ImapFlow({
        host: '127.0.0.1',
        port: this.port,
        secure: false,
        doSTARTTLS: false,
        auth: { user, pass: this.users.get(user) },
        logger: false,
      });
      c.on('error', () => undefined);
      try {
        await c.connect();
        return c;
      } catch (e) {
        if (!e.authenticationFailed || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** Appends messages over IMAP (as an MTA's delivery would add them), unseen unless flagged. */
  async append(user, messages, flags = []) {
    const c = await this.client(user);
    try {
      for (const m of messages) await c.append('INBOX', m, flags);
    } finally {
      await c.logout();
    }
  }

  /** UID -> flags of every message in INBOX. */
  async flags(user) {
    const c = await this.client(user);
    try {
      const lock = await c.getMailboxLock('INBOX');
      const out = new Map();
      try {
        if (c.mailbox.exists > 0)
          for await (const m of c.fetch('1:*', { uid: true, flags: true })) out.set(m.uid, m.flags ?? new Set());
      } finally {
        lock.release();
      }
      return out;
    } finally {
      await c.logout();
    }
  }

  writePasswd() {
    const lines = [...this.users].map(([u, p]) => `${u}:{PLAIN}${p}`);
    fs.writeFileSync(path.join(this.dir, 'passwd'), lines.join('\n') + '\n');
  }

  own(p, recursive = false) {
    if (!this.asRoot || !fs.existsSync(p)) return;
    fs.chownSync(p, this.uid, this.gid);
    if (recursive)
      for (const e of fs.readdirSync(p, { withFileTypes: true })) this.own(path.join(p, e.name), e.isDirectory());
  }
}

module.exports = { Dovecot, freePort };
