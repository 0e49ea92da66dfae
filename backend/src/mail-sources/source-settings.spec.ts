import { SettingsInputError } from '../mail-providers/settings-reader';
import { parseSourceInput, sourceIdentity } from './source-settings';

const fields = (input: unknown, previous?: Parameters<typeof parseSourceInput>[1]) => {
  try {
    parseSourceInput(input, previous);
  } catch (e) {
    if (e instanceof SettingsInputError) return e.fields;
    throw e;
  }
  return {};
};

describe('mailbox source settings', () => {
  const imap = { type: 'imap', host: 'imap.example.com', tls: 'implicit', user: 'support@example.com', password: 'pw' };

  it('splits an IMAP source into settings and secrets, with defaults', () => {
    const p = parseSourceInput(imap);
    expect(p.settings).toEqual({
      type: 'imap',
      host: 'imap.example.com',
      port: 993,
      tls: 'implicit',
      folder: 'INBOX',
      user: 'support@example.com',
      auth: 'password',
      oauth2: null,
      moveTo: null,
      pollSeconds: 60,
    });
    expect(p.secrets).toEqual({ password: 'pw' });
    expect(parseSourceInput({ ...imap, tls: 'starttls' }).settings).toMatchObject({ port: 143 });
  });

  it('names every bad field, and refuses fields of another type', () => {
    expect(fields({ type: 'imap', host: '-bad host', tls: 'maybe', port: 0, clientId: 'x' })).toEqual({
      'source.host': ['must be a host name or an IP address'],
      'source.tls': ['must be one of implicit, starttls, none'],
      'source.port': ['must be a whole number from 1 to 65535'],
      'source.user': ['is required'],
      'source.password': ['is required (or an oauth2 grant instead)'],
      'source.clientId': ['is not a field of this source type'],
    });
    expect(fields({ ...imap, pollSeconds: 1 })).toEqual({
      'source.pollSeconds': ['must be a whole number from 5 to 3600'],
    });
    expect(fields({ ...imap, moveTo: 'INBOX' })).toEqual({ 'source.moveTo': ['must differ from folder'] });
    expect(fields(null)).toMatchObject({ source: ['must be an object'] });
  });

  it('takes an OAuth2 grant instead of a password; token URLs are https (http on loopback only)', () => {
    const { password: _, ...noPassword } = imap;
    const p = parseSourceInput({
      ...noPassword,
      oauth2: { tokenUrl: 'https://login.example.com/token', clientId: 'c', refreshToken: 'r' },
    });
    expect(p.settings).toMatchObject({
      auth: 'oauth2',
      oauth2: { grant: 'refresh_token', clientId: 'c', scope: null },
    });
    expect(p.secrets).toEqual({ refreshToken: 'r' });
    expect(
      fields({
        ...noPassword,
        oauth2: { tokenUrl: 'http://login.example.com/token', clientId: 'c', clientSecret: 's' },
      }),
    ).toEqual({
      'source.oauth2.tokenUrl': ['must be an https URL (http only on this machine)'],
    });
    expect(
      parseSourceInput({
        ...noPassword,
        oauth2: { tokenUrl: 'http://127.0.0.1:99/t', clientId: 'c', clientSecret: 's' },
      }).settings,
    ).toMatchObject({ oauth2: { grant: 'client_credentials' } });
    expect(fields({ ...imap, oauth2: { tokenUrl: 'https://x/t', clientId: 'c' } })).toMatchObject({
      source: ['give either password or oauth2, not both'],
    });
  });

  it('keeps stored secrets when an edit leaves them out, but not across another method', () => {
    const previous = parseSourceInput(imap);
    const { password: _, ...edit } = imap;
    expect(parseSourceInput({ ...edit, pollSeconds: 30 }, previous).secrets).toEqual({ password: 'pw' });
    expect(fields({ ...edit, oauth2: { tokenUrl: 'https://x/t', clientId: 'c' } }, previous)).toMatchObject({
      'source.oauth2': ['needs a refreshToken (a user grant) or a clientSecret (client credentials)'],
    });
  });

  it('tells an edit of a source from another source', () => {
    const a = parseSourceInput(imap).settings;
    expect(sourceIdentity(parseSourceInput({ ...imap, pollSeconds: 30, password: 'new' }).settings)).toBe(
      sourceIdentity(a),
    );
    expect(sourceIdentity(parseSourceInput({ ...imap, host: 'other.example.com' }).settings)).not.toBe(
      sourceIdentity(a),
    );
    expect(sourceIdentity(parseSourceInput({ ...imap, folder: 'Support' }).settings)).not.toBe(sourceIdentity(a));
  });

  it('validates Microsoft 365 and Gmail sources', () => {
    expect(fields({ type: 'microsoft365', tenant: 'contoso.onmicrosoft.com', clientId: 'c', address: 'nope' })).toEqual(
      {
        'source.address': ['must be an email address'],
        'source.clientSecret': ['is required (or a certificate instead)'],
      },
    );
    expect(
      fields({ type: 'gmail', address: 'a@example.com', serviceAccountKey: '{"type":"authorized_user"}' }),
    ).toEqual({
      'source.serviceAccountKey': [
        'must be a service account key file (type "service_account" with client_email and private_key)',
      ],
    });
    expect(fields({ type: 'gmail', address: 'a@example.com', oauth2: { clientId: 'c' } })).toEqual({
      'source.oauth2.clientSecret': ['is required'],
      'source.oauth2.refreshToken': ['is required'],
    });
  });
});
