import { bounceFailure } from './bounce-report';

describe('bounceFailure', () => {
  it('reads the Diagnostic-Code of a failure, unfolded', () => {
    const text =
      'Final-Recipient: rfc822; a@b.c\nAction: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 <a@b.c>:\n    user unknown\n';
    expect(bounceFailure({ text, subject: 'Undelivered' })).toBe('bounced: 550 5.1.1 <a@b.c>: user unknown');
  });

  it('falls back to the Status, then the subject', () => {
    expect(bounceFailure({ text: 'Action: failed\nStatus: 5.2.2\n', subject: 'x' })).toBe('bounced: status 5.2.2');
    expect(bounceFailure({ text: 'Your mail could not be delivered.', subject: 'Undeliverable: Hello' })).toBe(
      'bounced: Undeliverable: Hello',
    );
  });

  it('is null for delay and delivery reports', () => {
    expect(
      bounceFailure({ text: 'Action: delayed\nStatus: 4.4.7\n', subject: 'Delayed Mail (still being retried)' }),
    ).toBeNull();
    expect(bounceFailure({ text: 'Action: delivered\nStatus: 2.0.0\n', subject: 'Delivered' })).toBeNull();
  });
});
