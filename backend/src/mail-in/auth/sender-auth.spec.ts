import { generateKeyPairSync } from 'node:crypto';
import { sealMessage } from 'mailauth/lib/arc';
import { dkimSign } from 'mailauth/lib/dkim/sign';
import { agentMailDecision } from './agent-mail';
import { cachingResolver, verifySender } from './sender-auth';
import { isTrustedRelay, relayRangeProblem } from './trusted-relays';
import { TestZone } from '../../../test/support/dns-zone';

const keys = (() => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    dns: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
})();

/** The zone the tests' DNS answers from: example.org signs with DKIM, allows 192.0.2.1 by SPF, rejects by DMARC. */
const zone = new TestZone({
  'TXT:example.org': ['v=spf1 ip4:192.0.2.1 -all'],
  'TXT:sel._domainkey.example.org': [keys.dns],
  'TXT:_dmarc.example.org': ['v=DMARC1; p=reject'],
  'TXT:forwarder.example.net': ['v=spf1 ip4:198.51.100.9 -all'],
  'TXT:arc._domainkey.forwarder.example.net': [keys.dns],
  'TXT:attacker.example': ['v=spf1 ip4:203.0.113.66 -all'],
  'TXT:sel._domainkey.attacker.example': [keys.dns],
});

const message = (from = 'Ann <ann@example.org>') =>
  Buffer.from(
    `From: ${from}\r\nTo: support@example.com\r\nSubject: Refund\r\nMessage-ID: <r1@example.org>\r\nDate: Mon, 01 Jun 2026 10:00:00 +0000\r\n\r\nPlease refund order 7781.\r\n`,
  );
const signed = async (raw: Buffer, signingDomain = 'example.org') => {
  // mailauth's typings lag its documented options: signing takes a signatureData list.
  const { signatures } = await dkimSign(raw, {
    signatureData: [{ signingDomain, selector: 'sel', privateKey: keys.privateKey }],
  } as unknown as Parameters<typeof dkimSign>[1]);
  return Buffer.concat([Buffer.from(signatures), raw]);
};
const verify = (raw: Buffer, ip: string, sender = 'ann@example.org', timeoutMs = 2000) =>
  verifySender(
    raw,
    { ip, helo: 'mta.example.org', sender },
    { resolver: zone.resolver, mta: 'mx.example.com', timeoutMs },
  );

describe('verifySender', () => {
  it('passes SPF, DKIM and DMARC for signed mail from an allowed address', async () => {
    const auth = await verify(await signed(message()), '192.0.2.1');
    expect(auth).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'none', fromDomain: 'example.org' });
    expect(auth.results).toMatch(/^mx\.example\.com; dkim=pass .*spf=pass .*dmarc=pass/);
  });

  it('passes DMARC by DKIM alone when SPF fails (forwarded mail)', async () => {
    const auth = await verify(await signed(message()), '198.51.100.9');
    expect(auth).toMatchObject({ spf: 'fail', dkim: 'pass', dmarc: 'pass' });
  });

  it('fails DMARC for forged mail: unsigned, from an address SPF does not allow', async () => {
    const auth = await verify(message(), '203.0.113.66');
    expect(auth).toMatchObject({ spf: 'fail', dkim: 'none', dmarc: 'fail' });
  });

  it('fails DMARC when the DKIM signature is another domain’s (not aligned with From)', async () => {
    const auth = await verify(await signed(message(), 'attacker.example'), '203.0.113.66', 'x@attacker.example');
    expect(auth).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'fail' });
  });

  it('does not pass DKIM for a message changed after signing (mailauth: neutral, body hash did not verify)', async () => {
    const tampered = Buffer.from((await signed(message())).toString().replace('7781', '9999'));
    expect(await verify(tampered, '192.0.2.1')).toMatchObject({ dkim: 'neutral', spf: 'pass', dmarc: 'pass' });
    expect(await verify(tampered, '203.0.113.66')).toMatchObject({ dkim: 'neutral', spf: 'fail', dmarc: 'fail' });
  });

  it('reports none for a domain that publishes nothing', async () => {
    const auth = await verify(message('x@quiet.example'), '192.0.2.50', 'x@quiet.example');
    expect(auth).toMatchObject({ spf: 'none', dkim: 'none', dmarc: 'none' });
  });

  it('validates an ARC chain a forwarder sealed', async () => {
    const raw = await signed(message());
    const seal = await sealMessage(raw, {
      signingDomain: 'forwarder.example.net',
      selector: 'arc',
      privateKey: keys.privateKey,
      authResults: 'forwarder.example.net; dkim=pass header.d=example.org; spf=pass; dmarc=pass',
      cv: 'none',
    } as unknown as Parameters<typeof sealMessage>[1]);
    const auth = await verify(Buffer.concat([seal, raw]), '198.51.100.9', 'bounces@forwarder.example.net');
    expect(auth.arc).toBe('pass');
    expect((await verify(raw, '198.51.100.9')).arc).toBe('none');
  });

  it('gives temperror within the time limit when DNS does not answer, never waiting for it', async () => {
    const silent = () => new Promise<never>(() => undefined);
    const started = Date.now();
    const auth = await verifySender(
      await signed(message()),
      { ip: '192.0.2.1', helo: null, sender: 'ann@example.org' },
      { resolver: silent, mta: 'mx.example.com', timeoutMs: 300 },
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(auth).toMatchObject({ spf: 'temperror', dkim: 'temperror', dmarc: 'temperror', arc: 'temperror' });
  });

  it('gives temperror, not a failure, when DNS answers with a server error', async () => {
    const broken = async () => {
      throw Object.assign(new Error('server failure'), { code: 'ESERVFAIL' });
    };
    const auth = await verifySender(
      await signed(message()),
      { ip: '192.0.2.1', helo: null, sender: 'ann@example.org' },
      { resolver: broken, mta: 'mx.example.com', timeoutMs: 2000 },
    );
    expect(auth.spf).toBe('temperror');
    expect(auth.dkim).toBe('temperror');
    expect(auth.dmarc).not.toBe('pass');
  });
});

describe('trusted relays', () => {
  it('matches addresses and ranges, IPv4 and IPv6, and IPv4-mapped addresses', () => {
    const ranges = ['10.0.0.0/8', '192.0.2.7', '2001:db8::/32'];
    for (const ip of ['10.1.2.3', '::ffff:10.9.9.9', '192.0.2.7', '2001:db8::25'])
      expect([ip, isTrustedRelay(ip, ranges)]).toEqual([ip, true]);
    for (const ip of ['11.0.0.1', '192.0.2.8', '2001:db9::1', 'not-an-ip'])
      expect([ip, isTrustedRelay(ip, ranges)]).toEqual([ip, false]);
    expect(isTrustedRelay('10.0.0.1', [])).toBe(false);
    expect(isTrustedRelay(null, ranges)).toBe(false);
  });

  it('names what is not a range', () => {
    for (const ok of ['10.0.0.0/8', '::1', '2001:db8::/128', '0.0.0.0/0']) expect(relayRangeProblem(ok)).toBeNull();
    for (const bad of ['10.0.0.0/33', 'example.org', '10.0.0.0/8/1', '10.0.0/8', '::/129', '10.0.0.0/x'])
      expect(relayRangeProblem(bad)).toEqual(expect.any(String));
  });
});

describe('agentMailDecision', () => {
  it('makes verified mail from an agent the agent’s reply: DMARC pass, or a trusted relay', () => {
    const reply = { visibility: 'public', flag: null, send: true, countsAsResponse: true };
    expect(agentMailDecision({ flags: [], dmarc: 'pass', trustedRelay: false })).toEqual(reply);
    expect(agentMailDecision({ flags: [], dmarc: 'none', trustedRelay: true })).toEqual(reply);
  });

  it('makes anything else an internal note flagged unverified, never sent, never a response', () => {
    for (const dmarc of ['fail', 'none', 'temperror', 'permerror', null] as const) {
      expect(agentMailDecision({ flags: [], dmarc, trustedRelay: false })).toEqual({
        visibility: 'internal',
        flag: 'unverified_sender',
        send: false,
        countsAsResponse: false,
      });
    }
  });

  it('keeps an agent’s automatic mail (out-of-office) as a flagged note, even when verified', () => {
    for (const flags of [['auto_reply'], ['bounce'], ['list']] as const) {
      expect(agentMailDecision({ flags, dmarc: 'pass', trustedRelay: true })).toEqual({
        visibility: 'internal',
        flag: 'automatic',
        send: false,
        countsAsResponse: false,
      });
    }
  });
});

describe('cachingResolver', () => {
  const setup = () => {
    let now = 0;
    const asked: string[] = [];
    const lookup = async (domain: string, type: string) => {
      asked.push(`${type}:${domain}`);
      if (domain === 'gone.example') throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      if (domain === 'slow.example') throw Object.assign(new Error('timed out'), { code: 'ETIMEOUT' });
      return [['v=spf1 -all']];
    };
    return { resolve: cachingResolver(500, 5000, lookup, () => now), asked, tick: (ms: number) => (now += ms) };
  };
  const settle = (p: Promise<unknown>) => p.catch((e: NodeJS.ErrnoException) => e.code);

  it('asks once per name and type: answers for 5 minutes, "none" for 1, failures for 30 seconds', async () => {
    const { resolve, asked, tick } = setup();
    for (const name of ['ok.example', 'gone.example', 'slow.example']) {
      await settle(resolve(name, 'TXT'));
      await settle(resolve(name.toUpperCase(), 'TXT'));
    }
    await settle(resolve('ok.example', 'MX'));
    expect(asked).toEqual(['TXT:ok.example', 'TXT:gone.example', 'TXT:slow.example', 'MX:ok.example']);
    tick(31_000);
    for (const name of ['ok.example', 'gone.example', 'slow.example']) await settle(resolve(name, 'TXT'));
    expect(asked.slice(4)).toEqual(['TXT:slow.example']);
    tick(30_000);
    for (const name of ['ok.example', 'gone.example']) await settle(resolve(name, 'TXT'));
    expect(asked.slice(5)).toEqual(['TXT:gone.example']);
    tick(240_000);
    await settle(resolve('ok.example', 'TXT'));
    expect(asked.slice(6)).toEqual(['TXT:ok.example']);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const asked: string[] = [];
    const resolve = cachingResolver(500, 2, async (d) => (asked.push(d), [['x']]));
    for (const d of ['a.example', 'b.example', 'c.example', 'a.example']) await resolve(d, 'TXT');
    expect(asked).toEqual(['a.example', 'b.example', 'c.example', 'a.example']);
  });
});
