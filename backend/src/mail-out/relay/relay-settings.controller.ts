import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength, ValidateIf } from 'class-validator';
import { AdminOnly } from '../../common/auth-context';
import { OutboxService } from '../outbox/outbox.service';
import { RelaySettingsService } from './relay-settings.service';

class UpdateRelayDto {
  @ApiProperty({ nullable: true, type: String, example: 'smtp://user:password@relay.example.com:587', description: 'null removes the relay' })
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
  get() {
    return this.relay.view();
  }

  @Put()
  async update(@Body() dto: UpdateRelayDto) {
    const saved = await this.relay.set(dto.url);
    if (saved.url) await this.outbox.kickQueued();
    return saved;
  }
}
