import { loadConfig } from '../config/config';
import { SealedSecretError, SecretKeyService } from './secret-key.service';

async function withKey(key: string) {
  const service = new SecretKeyService(null as never, loadConfig({ HELPDESK_SECRET_KEY: key }) as never);
  await service.onModuleInit();
  return service;
}

describe('sealed secrets', () => {
  it('reads back what it sealed, with a fresh IV each time', async () => {
    const s = await withKey('k'.repeat(32));
    const a = s.seal('oidc-client-secret', 'hunter2');
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain('hunter2');
    expect(s.seal('oidc-client-secret', 'hunter2')).not.toBe(a);
    expect(s.open('oidc-client-secret', a)).toBe('hunter2');
  });

  it('refuses another key, another purpose and any alteration', async () => {
    const s = await withKey('k'.repeat(32));
    const sealed = s.seal('totp-secret', 'JBSWY3DPEHPK3PXP');
    expect(() => s.open('oidc-client-secret', sealed)).toThrow(SealedSecretError);
    await expect(withKey('other-key-'.repeat(4)).then((o) => o.open('totp-secret', sealed))).rejects.toThrow(
      /HELPDESK_SECRET_KEY changed/,
    );
    const [v, iv, data, tag] = sealed.split('.');
    const flipped = data[0] === 'A' ? `B${data.slice(1)}` : `A${data.slice(1)}`;
    expect(() => s.open('totp-secret', [v, iv, flipped, tag].join('.'))).toThrow(SealedSecretError);
    expect(() => s.open('totp-secret', 'garbage')).toThrow(SealedSecretError);
  });
});
