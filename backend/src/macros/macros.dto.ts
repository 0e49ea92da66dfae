import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { ActionView } from '../rules/rule.view';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const REPLY_DOC = { type: String, nullable: true, description: 'Placeholders allowed, e.g. {{customer.firstName}}' };

export class CreateMacroDto {
  @ApiProperty() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) title: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: () => [ActionView], default: [] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  actions?: ActionView[];
  @ApiPropertyOptional(REPLY_DOC)
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100_000)
  replyText?: string | null;
  @ApiPropertyOptional({ default: false, description: 'For every agent (true) or only for you' })
  @IsOptional()
  @IsBoolean()
  shared?: boolean;
}

export class UpdateMacroDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @MinLength(1) @MaxLength(200) title?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: () => [ActionView] }) @IsOptional() @IsArray() @ArrayMaxSize(30) actions?: ActionView[];
  @ApiPropertyOptional(REPLY_DOC)
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100_000)
  replyText?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() shared?: boolean;
}
