// `helm test`: a mail sent to the smtp Service becomes a ticket, seen through the api as
// the first admin, who then closes it (tag helm-test): the test leaves no open work behind.
// Its sender is at helm-test.invalid (RFC 2606: never a real domain) and it says
// Auto-Submitted, so no acknowledgement goes anywhere. Plain Node (no dependencies), run in the app image.
const net = require('node:net');
const { randomBytes } = require('node:crypto');

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
const api = env('API_URL');
const token = `helmtest${randomBytes(6).toString('hex')}`;
const deadline = Date.now() + Number(process.env.TEST_TIMEOUT_SECONDS ?? 120) * 1000;

/** One SMTP session, checking every reply code. */
function sendMail() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(env('SMTP_PORT')), env('SMTP_HOST'));
    socket.setTimeout(30000, () => socket.destroy(new Error('SMTP timed out')));
    const body = [
      `From: Helm Test <helm-test@helm-test.invalid>`,
      `To: ${env('MAILBOX')}`,
      `Subject: Helm test ${token}`,
      `Message-ID: <${token}@helm-test.invalid>`,
      'Auto-Submitted: auto-generated',
      `Date: ${new Date().toUTCString()}`,
      '',
      `Sent by helm test (${token}).`,
    ].join('\r\n');
    const steps = [
      [220, () => `EHLO helm-test.invalid`],
      [250, () => `MAIL FROM:<helm-test@helm-test.invalid>`],
      [250, () => `RCPT TO:<${env('MAILBOX')}>`],
      [250, () => 'DATA'],
      [354, () => `${body}\r\n.`],
      [250, () => 'QUIT'],
      [221, null],
    ];
    if (process.env.SMTP_PROXY_HEADER === 'true') socket.write('PROXY TCP4 192.0.2.10 192.0.2.20 40000 25\r\n');
    let buffer = '';
    socket.on('data', (d) => {
      buffer += d.toString();
      // A reply is complete at a line "NNN text" (multi-line replies use "NNN-text").
      const lines = buffer.split('\r\n');
      const last = lines.findIndex((l) => /^\d{3} /.test(l));
      if (last < 0) return;
      buffer = lines.slice(last + 1).join('\r\n');
      const code = Number(lines[last].slice(0, 3));
      const [expected, next] = steps.shift();
      if (code !== expected) return socket.destroy(new Error(`SMTP answered "${lines[last]}", expected ${expected}`));
      if (next) socket.write(`${next()}\r\n`);
      else {
        socket.end();
        resolve();
      }
    });
    socket.on('error', reject);
  });
}

async function findTicket() {
  const login = await fetch(`${api}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: env('ADMIN_EMAIL'), password: env('ADMIN_PASSWORD') }),
  });
  if (login.status !== 200 && login.status !== 201) throw new Error(`signing in as ${env('ADMIN_EMAIL')}: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const { csrfToken } = await login.json();
  for (;;) {
    const res = await fetch(`${api}/api/v1/tickets?q=${token}`, { headers: { cookie } });
    const list = await res.json();
    const ticket = list.items?.find((t) => t.subject === `Helm test ${token}`);
    if (ticket) return { ticket, session: { cookie, 'x-csrf-token': csrfToken } };
    if (Date.now() > deadline) throw new Error(`no ticket for the mail "Helm test ${token}" (last answer ${res.status})`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

(async () => {
  for (;;) {
    try {
      await sendMail();
      break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
  const { ticket, session } = await findTicket();
  const closed = await fetch(`${api}/api/v1/tickets/${ticket.id}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...session },
    body: JSON.stringify({ status: 'closed', tags: ['helm-test'] }),
  });
  if (closed.status !== 200) throw new Error(`closing ticket #${ticket.number}: ${closed.status} ${await closed.text()}`);
  console.log(`mail ${token} became ticket #${ticket.number} (closed again, tagged helm-test)`);
})().catch((e) => {
  console.error(`mail test failed: ${e.message}`);
  process.exit(1);
});
