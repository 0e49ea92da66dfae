import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, MaxLength, MinLength } from 'class-validator';

export class TotpCodeDto {
  @ApiProperty({ description: 'The 6-digit code of the authenticator app' })
  @IsString()
  @MinLength(6)
  @MaxLength(40)
  code: string;
}

export class DisableTotpDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) password: string;
  @ApiProperty({ description: 'A current code of the authenticator app, or an unused recovery code' })
  @IsString()
  @MinLength(6)
  @MaxLength(40)
  code: string;
}

export class LoginTotpDto {
  @ApiProperty({ description: 'The `challenge` POST /auth/login answered' })
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  challenge: string;

  @ApiProperty({ description: 'A current code of the authenticator app, or an unused recovery code' })
  @IsString()
  @MinLength(6)
  @MaxLength(40)
  code: string;
}

export class TwoFactorPolicyDto {
  @ApiProperty({ description: 'Every password sign-in needs a second factor' }) @IsBoolean() required: boolean;
}
