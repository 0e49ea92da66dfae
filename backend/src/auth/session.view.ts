import { ApiProperty } from '@nestjs/swagger';
import { UserView } from '../users/user.view';

/** The answer of POST /auth/login: the user, and the CSRF token the browser echoes as X-CSRF-Token. */
export class LoginView {
  @ApiProperty({ type: () => UserView }) user!: UserView;
  @ApiProperty({ description: 'Send as the X-CSRF-Token header on every unsafe request of this session' })
  csrfToken!: string;
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
}
