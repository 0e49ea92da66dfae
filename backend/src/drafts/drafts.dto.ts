import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsInt, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * A draft as the composer saves it, bounded like a message (AddMessageDto). The body may
 * be empty (a draft of only attachments); the composer deletes a draft it empties.
 */
export class SaveDraftDto {
  @ApiProperty() @IsString() @MaxLength(1_000_000) body: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Rich text; sanitised before it is stored' })
  @IsOptional()
  @IsString()
  @MaxLength(2_000_000)
  bodyHtml?: string | null;
  @ApiPropertyOptional({ default: false, description: 'true for an internal note, false for a public reply' })
  @IsOptional()
  @IsBoolean()
  internal?: boolean;
  @ApiPropertyOptional({ type: [Number], description: 'Ids of files uploaded with POST /attachments' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsInt({ each: true })
  attachmentIds?: number[];
  @ApiPropertyOptional({ type: [String], description: 'Email addresses to copy (at most 20)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsEmail({ require_tld: false }, { each: true, message: 'each value in cc must be an email address' })
  @MaxLength(254, { each: true })
  cc?: string[];
}
