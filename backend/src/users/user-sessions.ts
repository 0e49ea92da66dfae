/**
 * Ends every browser session of a user, as a deactivation or a password reset must. The
 * rule is the users'; sessions are auth's: AuthModule provides this port (its
 * SessionsService), so users/ never imports auth/ (which imports users/ to sign people in).
 */
export abstract class UserSessions {
  abstract endAll(userId: number): Promise<void>;
}
