import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, MaxLength, MinLength, IsOptional } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const BODY_DOC = {
  description:
    'Plain text; placeholders the UI fills in: {{customer.name}}, {{customer.firstName}}, {{customer.email}}, ' +
    '{{ticket.number}}, {{ticket.subject}}, {{agent.name}}',
};

export class CreateCannedResponseDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiProperty(BODY_DOC) @IsString() @MinLength(1) @MaxLength(100_000) body: string;
}

export class UpdateCannedResponseDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional(BODY_DOC) @IsOptional() @IsString() @MinLength(1) @MaxLength(100_000) body?: string;
}
