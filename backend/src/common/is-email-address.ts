import { IsEmail } from 'class-validator';

/** An email address; single-label domains (support@localhost, intranet hosts) are fine here. */
export const IsEmailAddress = () =>
  IsEmail({ require_tld: false }, { message: ({ property }) => `${property} must be an email address` });
