import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, ValidateIf } from 'class-validator';
import { AdminOnly } from '../common/auth-context';
import { OutboxService } from './outbox/outbox.service';
import { RelayTestResultView } from './health/mail-out-status.view';
import { RelayHealthService } from './health/relay-health.service';
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

class RelayTestDto {
  @ApiProperty({ example: 'me@example.com', description: 'Where the test mail goes' })
  @IsEmail()
  @MaxLength(320)
  to: string;
}

/** The outbound relay, for admins. Setting one sends what waited in the outbox for it. */
@ApiTags('settings')
@AdminOnly()
@Controller('api/v1/settings/relay')
export class RelaySettingsController {
  constructor(
    private readonly relay: RelaySettingsService,
    private readonly outbox: OutboxService,
    private readonly health: RelayHealthService,
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
    this.health.forget();
    if (saved.url) await this.outbox.kickQueued();
    return saved;
  }

  /** Sends a test mail through the relay now; answers the relay's response or its error (409 without a relay). */
  @Post('test')
  @HttpCode(200)
  @ApiOkResponse({ type: RelayTestResultView })
  test(@Body() dto: RelayTestDto): Promise<RelayTestResultView> {
    return this.health.sendTest(dto.to);
  }
}
