import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MailSource } from '../api/types';
import { renderWithProviders } from '../test/render';
import { SourceState } from './SourceState';

const imap: MailSource = {
  type: 'imap',
  enabled: true,
  status: 'ok',
  lastError: null,
  errorSince: null,
  lastFetchedAt: new Date().toISOString(),
  skippedMessages: 0,
  pollSeconds: 60,
  host: 'imap.example.com',
  port: 993,
  tls: 'implicit',
  folder: 'INBOX',
  user: 'support@example.com',
  auth: 'password',
  oauth2: null,
  moveTo: null,
};

describe('SourceState', () => {
  it('says a mailbox without a source gets SMTP mail only', () => {
    renderWithProviders(<SourceState source={null} />);
    expect(screen.getByText('SMTP only')).toBeTruthy();
  });

  it('shows a working source with its last fetch and no error', () => {
    renderWithProviders(<SourceState source={imap} />);
    expect(screen.getByText(/IMAP · working/)).toBeTruthy();
    expect(screen.getByText(/last fetched/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows why a failing source fails, since when, and the skipped messages', () => {
    renderWithProviders(
      <SourceState
        source={{
          ...imap,
          status: 'error',
          lastError: 'sign-in failed: [AUTHENTICATIONFAILED] Authentication failed.',
          errorSince: new Date().toISOString(),
          skippedMessages: 2,
        }}
      />,
    );
    expect(screen.getByText(/IMAP · failing/)).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toMatch(/^sign-in failed: \[AUTHENTICATIONFAILED\].*\(since /);
    expect(screen.getByText(/2 messages skipped/)).toBeTruthy();
  });

  it('says when a cloud source gets change notifications, and why not when they failed', () => {
    const graph: MailSource = {
      ...imap,
      type: 'microsoft365',
      tenant: 'contoso.onmicrosoft.com',
      clientId: 'c',
      address: 'support@contoso.com',
      folder: 'inbox',
      auth: 'secret',
      push: 'active',
      pushError: null,
      pushExpiresAt: new Date(Date.now() + 86400_000).toISOString(),
    };
    const { unmount } = renderWithProviders(<SourceState source={graph} />);
    expect(screen.getByText(/new mail is pushed/)).toBeTruthy();
    unmount();
    renderWithProviders(
      <SourceState
        source={{ ...graph, push: 'error', pushError: 'HTTP 403: Access is denied.; polling every 60 s meanwhile' }}
      />,
    );
    expect(screen.getByText(/change notifications failed: HTTP 403/)).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
