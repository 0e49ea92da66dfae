import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { AdminOnly } from '../../common/auth-context';
import { MailAuthSettingView } from './mail-auth-setting.view';
import { MailAuthSettingsService } from './mail-auth-settings.service';

class UpdateMailAuthDto {
  @ApiProperty({ type: [String], example: ['10.0.0.0/8', '192.0.2.25'] })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  trustedRelays!: string[];
}

/** Sender verification settings, for admins: which relays' mail counts as verified. */
@ApiTags('settings')
@AdminOnly()
@Controller('api/v1/settings/mail-auth')
export class MailAuthSettingsController {
  constructor(private readonly settings: MailAuthSettingsService) {}

  @Get()
  @ApiOkResponse({ type: MailAuthSettingView })
  get(): Promise<MailAuthSettingView> {
    return this.settings.get();
  }

  @Put()
  @ApiOkResponse({ type: MailAuthSettingView })
  update(@Body() dto: UpdateMailAuthDto): Promise<MailAuthSettingView> {
    return this.settings.set(dto.trustedRelays);
  }
}
