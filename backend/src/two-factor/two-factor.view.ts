import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';

/** The answer of starting enrolment: the seed, as text and as the URI a QR code carries. */
export class TotpEnrolmentView {
  @ApiProperty({ description: 'Base32 seed, for typing into an authenticator app' }) secret!: string;
  @ApiProperty({ description: '`otpauth://totp/…` URI (Google Authenticator key URI format), shown as a QR code' })
  otpauthUrl!: string;
}

export class RecoveryCodesView {
  @ApiProperty({ type: [String], description: 'Ten one-time codes, shown this once' }) recoveryCodes!: string[];
}

export class TotpStatusView {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ ...DATE_TIME, nullable: true }) enabledAt!: string | null;
  @ApiProperty({ description: 'Unused recovery codes' }) recoveryCodesLeft!: number;
  @ApiProperty({ description: "The admins' policy requires a second factor for password sign-in" })
  required!: boolean;
}

export class TwoFactorPolicyView {
  @ApiProperty({ description: 'Every password sign-in needs a second factor' }) required!: boolean;
}
