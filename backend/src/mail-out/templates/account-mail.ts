import type { MailTemplate } from './mail-templates';

/**
 * Mail about a person's own account: an invitation and a password reset. They carry a
 * set-password link, so their wording is fixed (an admin cannot reword the link away),
 * and they are not in the editable templates.
 */
export const ACCOUNT_MAIL_KINDS = ['user_invite', 'password_reset'] as const;
export type AccountMailKind = (typeof ACCOUNT_MAIL_KINDS)[number];

export const ACCOUNT_TEMPLATES: Record<AccountMailKind, MailTemplate> = {
  user_invite: {
    subject: 'You are invited to the help desk',
    body:
      'Hello {{user.name}},\n\nyou have an account on the help desk ({{user.email}}). ' +
      'Choose your password here to sign in:\n\n{{link.url}}\n\n' +
      'The link works once and expires in {{link.validFor}}. If it has expired, ask an administrator for a new one.',
  },
  password_reset: {
    subject: 'Reset your help desk password',
    body:
      'Hello {{user.name}},\n\nsomeone (hopefully you) asked to reset the password of {{user.email}} on the help desk. ' +
      'Choose a new password here:\n\n{{link.url}}\n\n' +
      'The link works once and expires in {{link.validFor}}. If you did not ask for this, ignore this mail: ' +
      'your password stays as it is.',
  },
};
