import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AdminOnly } from '../../common/auth-context';
import { MailPreviewView, MailTemplateView } from './mail-template.view';
import { MailTemplatesService } from './mail-templates.service';

/** A template's wording: what a preview renders. */
class MailTemplateTextDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @Matches(/^[^\r\n]*$/, { message: 'subject must be one line' })
  subject: string;
  @ApiProperty({ description: 'Plain text with {{placeholders}}; sent as text and as escaped HTML' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  body: string;
}

/** A change to a template: its wording, whether its mail is sent, or both; what is left out stays. */
class UpdateMailTemplateDto extends PartialType(MailTemplateTextDto) {
  @ApiPropertyOptional({ description: 'false switches the mail off: nothing is sent for it until it is on again' })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

/** The automatic mails' wording, for admins. */
@ApiTags('mail templates')
@AdminOnly()
@Controller('api/v1/mail-templates')
export class MailTemplatesController {
  constructor(private readonly templates: MailTemplatesService) {}

  @Get()
  @ApiOkResponse({ type: [MailTemplateView] })
  list(): Promise<MailTemplateView[]> {
    return this.templates.list();
  }

  @Put(':key')
  @ApiOkResponse({ type: MailTemplateView })
  update(@Param('key') key: string, @Body() dto: UpdateMailTemplateDto) {
    return this.templates.update(key, dto);
  }

  /** The mail a wording would give, with sample values; nothing is saved or sent. */
  @Post(':key/preview')
  @HttpCode(200)
  @ApiOkResponse({ type: MailPreviewView })
  preview(@Param('key') key: string, @Body() dto: MailTemplateTextDto): MailPreviewView {
    return this.templates.preview(key, dto);
  }
}
