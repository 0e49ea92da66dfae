import { csvCell } from './audit-log.service';
import { diffChanges, maskValue } from './changes';

describe('audit changes', () => {
  it('records only the fields that changed, before and after', () => {
    const before = { id: 3, name: 'Old', role: 'agent', active: true, updatedAt: '2026-01-01' };
    const after = { id: 3, name: 'New', role: 'admin', active: true, updatedAt: '2026-02-01' };
    expect(diffChanges(before, after, {})).toEqual({
      name: { before: 'Old', after: 'New' },
      role: { before: 'agent', after: 'admin' },
    });
  });

  it('records every field of a creation (before null) and of a deletion (after null)', () => {
    expect(diffChanges(null, { id: 1, name: 'Billing' }, {})).toEqual({
      id: { before: null, after: 1 },
      name: { before: null, after: 'Billing' },
    });
    expect(diffChanges({ id: 1, name: 'Billing', memberIds: [2] }, null, undefined)).toEqual({
      id: { before: 1, after: null },
      name: { before: 'Billing', after: null },
      memberIds: { before: [2], after: null },
    });
  });

  it('masks secrets: secret-named fields, credentials in URLs, and secrets the request carried', () => {
    expect(maskValue('clientSecret', 's3cret')).toBe('***');
    expect(maskValue('clientSecretSet', true)).toBe(true);
    expect(maskValue('privateKey', 'pem')).toBe('***');
    // A bare key is an identifier (a ticket field's, a template's) unless the route says otherwise.
    expect(maskValue('key', 'plan')).toBe('plan');
    expect(maskValue('key', 'licence-text', ['key'])).toBe('***');
    expect(diffChanges(null, { id: 1 }, { key: 'licence-text' }, ['key'])).toEqual({
      id: { before: null, after: 1 },
      key: { before: null, after: '***' },
    });
    expect(maskValue('url', 'smtp://mailer:hunter2@relay.example.com:587')).toBe(
      'smtp://mailer:***@relay.example.com:587',
    );
    expect(maskValue('nested', { password: 'x', list: ['smtps://a:b@h'] })).toEqual({
      password: '***',
      list: ['smtps://a:***@h'],
    });
    const changes = diffChanges({ id: 4, name: 'A' }, { id: 4, name: 'A' }, { password: 'new-password-1', name: 'A' });
    expect(changes).toEqual({ password: { before: '***', after: '***' } });
    expect(JSON.stringify(diffChanges(null, { id: 1 }, { clientSecret: 'top' }))).not.toContain('top');
  });

  it('writes CSV cells a spreadsheet reads as text: quoted per RFC 4180, formulas defused (OWASP)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nnow')).toBe('"say ""hi""\nnow"');
    expect(csvCell('=HYPERLINK("http://evil.test")')).toBe(`"'=HYPERLINK(""http://evil.test"")"`);
    for (const lead of ['+', '-', '@']) expect(csvCell(`${lead}1+2`)).toBe(`'${lead}1+2`);
  });
});
