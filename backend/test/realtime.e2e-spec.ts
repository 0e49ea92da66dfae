import Redis from 'ioredis';
import type { Socket } from 'socket.io-client';
import { sendMail } from './support/mail';
import { connectSocket, eventually, nextEvent, record } from './support/sockets';
import { startTestApp, TestApp } from './support/test-app';

type Client = TestApp['admin'];
type Viewers = { ticketId: number; viewers: { userId: number; name: string; typing: boolean }[] };

/** Two api replicas on one database and one Redis, as behind a load balancer. */
describe('realtime across api replicas', () => {
  let a: TestApp;
  let b: TestApp;
  let ann: Client;
  let bob: Client;
  const sockets: Socket[] = [];
  const open = async (...args: Parameters<typeof connectSocket>) => {
    const s = await connectSocket(...args);
    sockets.push(s);
    return s;
  };
  const newTicket = async (subject: string) => {
    const res = await ann.post('/api/v1/tickets', { subject, body: 'Hello', requester: { email: 'live@example.com' } });
    expect(res.status).toBe(201);
    return res.body as { id: number };
  };

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ databaseUrl: a.config.database.url, redisUrl: a.config.redis.url });
    ann = await a.newUser('agent');
    const bobOnA = await a.newUser('agent');
    bob = await b.http.login(bobOnA.user.email, 'password-123456');
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  describe('handshake', () => {
    it('refuses a connection without credentials, with a bad cookie or a bad token', async () => {
      await expect(connectSocket(b.url)).rejects.toThrow('unauthorized');
      await expect(connectSocket(b.url, { cookie: 'helpdesk_session=forged' })).rejects.toThrow('unauthorized');
      await expect(connectSocket(b.url, { token: 'hdk_forged' })).rejects.toThrow('unauthorized');
      await expect(connectSocket(b.url, { transports: ['polling'] })).rejects.toThrow('unauthorized');
    });

    it('accepts the session cookie over WebSocket and long polling, but not from another site', async () => {
      const ws = await open(b.url, { cookie: bob.cookie });
      expect(ws.connected).toBe(true);
      const polling = await open(b.url, { cookie: bob.cookie, transports: ['polling'] });
      expect(polling.connected).toBe(true);
      const sameOrigin = await open(b.url, { cookie: bob.cookie, origin: b.url });
      expect(sameOrigin.connected).toBe(true);
      await expect(connectSocket(b.url, { cookie: bob.cookie, origin: 'https://evil.example' })).rejects.toThrow(
        'unauthorized',
      );
    });

    it('accepts an API token in auth.token and refuses it once revoked', async () => {
      const created = (await bob.post('/api/v1/tokens', { name: 'socket script' })).body;
      const s = await open(b.url, { token: created.token });
      expect(s.connected).toBe(true);
      await bob.delete(`/api/v1/tokens/${created.id}`);
      await expect(connectSocket(b.url, { token: created.token })).rejects.toThrow('unauthorized');
    });

    it('refuses a session that has signed out, and closes sockets already open once their session or token ends', async () => {
      const carl = await a.newUser('agent');
      const cookie = carl.cookie;
      const token = (await carl.post('/api/v1/tokens', { name: 'watcher' })).body;
      const bySession = await open(a.url, { cookie });
      const byToken = await open(b.url, { token: token.token });
      const untouched = await open(a.url, { cookie: ann.cookie });
      const closed = Promise.all([bySession, byToken].map((s) => nextEvent(s, 'disconnect', () => true, 15_000)));

      await carl.delete(`/api/v1/tokens/${token.id}`);
      await carl.post('/api/v1/auth/logout');
      await expect(connectSocket(a.url, { cookie })).rejects.toThrow('unauthorized');
      expect(await closed).toEqual(['io server disconnect', 'io server disconnect']);
      expect(untouched.connected).toBe(true);
    });
  });

  describe('events', () => {
    it('an event raised through replica A reaches a browser connected to replica B, once', async () => {
      const s = await open(b.url, { cookie: bob.cookie });
      const created = record<{ ticketId: number }>(s, 'ticket.created');
      const ticket = await newTicket('Live one');
      await eventually(() => created.some((p) => p.ticketId === ticket.id));

      const note = nextEvent(s, 'message.created', (p) => p.ticketId === ticket.id);
      const msg = (await ann.post(`/api/v1/tickets/${ticket.id}/messages`, { body: 'psst', internal: true })).body;
      // Who wrote it (followers are told of customer replies) and whom it mentions (their mentions inbox refreshes).
      expect(await note).toEqual({
        ticketId: ticket.id,
        messageId: msg.id,
        internal: true,
        author: 'agent',
        mentions: [],
      });

      const updated = nextEvent(s, 'ticket.updated', (p) => p.ticketId === ticket.id && p.fields.includes('priority'));
      await ann.patch(`/api/v1/tickets/${ticket.id}`, { priority: 'urgent' });
      expect(await updated).toEqual({ ticketId: ticket.id, fields: ['priority'] });
      // Both replicas heard the Redis event; each must deliver only to its own sockets.
      expect(created).toEqual([{ ticketId: ticket.id }]);
    });
  });

  describe('presence', () => {
    it('shows who views and who types on a ticket across replicas, and who left', async () => {
      const ticket = await newTicket('Collision');
      const annSocket = await open(a.url, { cookie: ann.cookie });
      const bobSocket = await open(b.url, { cookie: bob.cookie });
      const other = await open(b.url, { cookie: bob.cookie });

      const annAlone = nextEvent<Viewers>(annSocket, 'presence', (p) => p.ticketId === ticket.id);
      annSocket.emit('presence:join', { ticketId: ticket.id });
      expect((await annAlone).viewers).toEqual([{ userId: ann.user.id, name: ann.user.name, typing: false }]);

      const annSeesBob = nextEvent<Viewers>(annSocket, 'presence', (p) => p.viewers.length === 2);
      bobSocket.emit('presence:join', { ticketId: ticket.id });
      const both = await annSeesBob;
      expect(both.viewers.map((v) => v.userId).sort()).toEqual([ann.user.id, bob.user.id].sort());

      const typing = nextEvent<Viewers>(annSocket, 'presence', (p) =>
        p.viewers.some((v) => v.userId === bob.user.id && v.typing),
      );
      bobSocket.emit('presence:typing', { ticketId: ticket.id, typing: true });
      await typing;
      const stopped = nextEvent<Viewers>(annSocket, 'presence', (p) => p.viewers.every((v) => !v.typing));
      bobSocket.emit('presence:typing', { ticketId: ticket.id, typing: false });
      await stopped;

      // A socket in no ticket room hears nothing about it.
      const leak = nextEvent(other, 'presence', () => true, 500).then(
        () => 'leaked',
        () => 'quiet',
      );
      const left = nextEvent<Viewers>(annSocket, 'presence', (p) => p.viewers.length === 1);
      bobSocket.emit('presence:leave', { ticketId: ticket.id });
      expect((await left).viewers[0].userId).toBe(ann.user.id);
      expect(await leak).toBe('quiet');

      bobSocket.emit('presence:join', { ticketId: ticket.id });
      await nextEvent<Viewers>(annSocket, 'presence', (p) => p.viewers.length === 2);
      const gone = nextEvent<Viewers>(annSocket, 'presence', (p) => p.viewers.length === 1);
      bobSocket.close();
      expect((await gone).viewers[0].userId).toBe(ann.user.id);
    });

    it('counts an agent with two tabs once, typing if either tab is', async () => {
      const ticket = await newTicket('Two tabs');
      const tab1 = await open(b.url, { cookie: bob.cookie });
      const tab2 = await open(a.url, { cookie: bob.cookie });
      tab1.emit('presence:join', { ticketId: ticket.id });
      await nextEvent<Viewers>(tab1, 'presence', (p) => p.ticketId === ticket.id);
      const typing = nextEvent<Viewers>(tab1, 'presence', (p) => p.viewers[0]?.typing === true);
      tab2.emit('presence:join', { ticketId: ticket.id });
      tab2.emit('presence:typing', { ticketId: ticket.id, typing: true });
      expect((await typing).viewers).toEqual([{ userId: bob.user.id, name: bob.user.name, typing: true }]);
    });

    it('drops tabs of a replica that stopped refreshing them (state kept in Redis with a deadline)', async () => {
      const ticket = await newTicket('Ghosts');
      const redis = new Redis(a.config.redis.url);
      const key = `helpdesk:presence:${ticket.id}`;
      await redis.hset(
        key,
        'ghost-socket',
        JSON.stringify({ userId: 999, name: 'Ghost', typingUntil: 0, seenUntil: Date.now() - 1 }),
      );
      await redis.hset(
        key,
        'live-elsewhere',
        JSON.stringify({ userId: 998, name: 'Zed', typingUntil: 0, seenUntil: Date.now() + 30_000 }),
      );
      const s = await open(a.url, { cookie: ann.cookie });
      const seen = nextEvent<Viewers>(s, 'presence', (p) => p.ticketId === ticket.id);
      s.emit('presence:join', { ticketId: ticket.id });
      expect((await seen).viewers.map((v) => v.name)).toEqual([ann.user.name, 'Zed']);
      expect(await redis.hexists(key, 'ghost-socket')).toBe(0);
      expect(await redis.pttl(key)).toBeGreaterThan(0);
      await redis.quit();
    });

    it('rejects malformed presence messages without dropping the connection', async () => {
      const s = await open(a.url, { cookie: ann.cookie });
      const error = nextEvent(s, 'exception');
      s.emit('presence:join', { ticketId: 'DROP TABLE' });
      expect(await error).toMatchObject({ status: 'error', message: 'ticketId must be a positive integer' });
      const typingFirst = nextEvent(s, 'exception');
      s.emit('presence:typing', { ticketId: 5, typing: true });
      expect(await typingFirst).toMatchObject({ message: 'join the ticket before typing on it' });
      expect(s.connected).toBe(true);
    });
  });
});

describe('realtime from email in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { HELPDESK_ROLE: 'all', SMTP_PORT: '0' } });
    await t.admin.post('/api/v1/mailboxes', { address: 'support@live.test' });
  });
  afterAll(() => t.close());

  it('a ticket that arrived by SMTP appears live in a signed-in browser', async () => {
    const socket = await connectSocket(t.url, { cookie: t.admin.cookie });
    const created = record<{ ticketId: number }>(socket, 'ticket.created');
    expect(
      await sendMail(t, {
        from: 'mailer@example.org',
        to: 'support@live.test',
        subject: 'Arrived by mail',
        text: 'Hello by SMTP',
      }),
    ).toMatch(/^250 /);
    await eventually(() => created.length > 0, 10_000);
    const ticket = (await t.admin.get(`/api/v1/tickets/${created[0].ticketId}`)).body;
    expect(ticket).toMatchObject({ subject: 'Arrived by mail', requester: { email: 'mailer@example.org' } });
    socket.close();
  });
});
