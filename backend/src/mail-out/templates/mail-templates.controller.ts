import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { AdminOnly } from '../../common/auth-context';
import { MailTemplateView } from './mail-template.view';
import { MailTemplatesService } from './mail-templates.service';

class UpdateMailTemplateDto {
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
}
