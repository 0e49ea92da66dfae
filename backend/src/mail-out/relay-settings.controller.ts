import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { AdminOnly } from '../common/auth-context';
import { OutboxService } from './outbox/outbox.service';
import { RelaySettingView } from './relay/relay-setting.view';
import { RelaySettingsService } from './relay/relay-settings.service';

class UpdateRelayDto {
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'smtp://user:password@relay.example.com:587',
    description: 'null removes the relay',
  })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  url: string | null;
}

/** The outbound relay, for admins. Setting one sends what waited in the outbox for it. */
@ApiTags('settings')
@AdminOnly()
@Controller('api/v1/settings/relay')
export class RelaySettingsController {
  constructor(
    private readonly relay: RelaySettingsService,
    private readonly outbox: OutboxService,
  ) {}

  @Get()
  @ApiOkResponse({ type: RelaySettingView })
  get(): Promise<RelaySettingView> {
    return this.relay.view();
  }

  @Put()
  @ApiOkResponse({ type: RelaySettingView })
  async update(@Body() dto: UpdateRelayDto): Promise<RelaySettingView> {
    const saved = await this.relay.set(dto.url);
    if (saved.url) await this.outbox.kickQueued();
    return saved;
  }
}
