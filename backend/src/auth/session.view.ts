import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { UserView } from '../users/user.view';
import type { SessionListRow } from './sessions.repository';

const MUST_ENROL = {
  description:
    "The admins require two-factor sign-in and this user has none: only GET /auth/me, POST /auth/logout and the /auth/me/totp enrolment routes answer (others: 403 with reason 'totp_enrolment_required') until it is set up",
};

/** The answer of POST /auth/login: the user, and the CSRF token the browser echoes as X-CSRF-Token. */
export class LoginView {
  @ApiProperty({ type: () => UserView }) user!: UserView;
  @ApiProperty({ description: 'Send as the X-CSRF-Token header on every unsafe request of this session' })
  csrfToken!: string;
  @ApiProperty(MUST_ENROL) mustEnrolTotp!: boolean;
}

/** The answer of POST /auth/login for a user with two-factor: no session yet, a challenge to answer with a code. */
export class TwoFactorChallengeView {
  @ApiProperty({ enum: [true] }) twoFactorRequired!: true;
  @ApiProperty({ description: 'Send with the code to POST /auth/login/totp within 5 minutes' }) challenge!: string;
}

/** The answer of GET /auth/me: the signed-in user, and the CSRF token a reloaded browser tab needs. */
export class SessionView {
  @ApiProperty({ type: () => UserView }) user!: UserView;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The session's CSRF token; null when signed in with an API token",
  })
  csrfToken!: string | null;
  @ApiProperty(MUST_ENROL) mustEnrolTotp!: boolean;
}

/** One of the signed-in user's browser sessions. */
export class SessionInfoView {
  @ApiProperty() id!: number;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty({ ...DATE_TIME, description: 'Last request, to the minute' }) lastSeenAt!: string;
  @ApiProperty(DATE_TIME) expiresAt!: string;
  @ApiProperty({ type: String, nullable: true }) ip!: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent!: string | null;
  @ApiProperty({ enum: ['password', 'sso'] }) method!: 'password' | 'sso';
  @ApiProperty({ description: 'The session making this request' }) current!: boolean;
}

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as SessionInfoView. */
export const toSessionInfoView = (s: SessionListRow) => ({
  id: s.id,
  createdAt: s.created_at,
  lastSeenAt: s.last_seen_at,
  expiresAt: s.expires_at,
  ip: s.ip,
  userAgent: s.user_agent,
  method: s.method,
  current: s.current,
});
