import { Body, Controller, ForbiddenException, Get, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import { AdminOnly, CurrentUser, Principal } from '../../common/auth-context';
import { RoundRobinService } from './round-robin.service';
import { AvailabilityView, RoundRobinView } from './round-robin.view';

export class RoundRobinSettingsDto {
  @ApiProperty({ type: Number, nullable: true, description: 'null: no cap' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  maxOpenPerAgent: number | null;
}

export class AvailabilityDto {
  @ApiProperty() @IsBoolean() away: boolean;
}

@ApiTags('round-robin')
@Controller('api/v1')
export class RoundRobinController {
  constructor(private readonly roundRobin: RoundRobinService) {}

  @Get('groups/:id/round-robin')
  @ApiOkResponse({ type: RoundRobinView })
  settings(@Param('id', ParseIntPipe) id: number) {
    return this.roundRobin.settings(id);
  }

  @Put('groups/:id/round-robin')
  @AdminOnly()
  @ApiOkResponse({ type: RoundRobinView })
  save(@Param('id', ParseIntPipe) id: number, @Body() dto: RoundRobinSettingsDto) {
    return this.roundRobin.saveSettings(id, dto.maxOpenPerAgent ?? null);
  }

  @Get('availability')
  @ApiOkResponse({ type: [AvailabilityView], description: 'Every active agent: away or not' })
  availability() {
    return this.roundRobin.availability();
  }

  @Put('availability/:userId')
  @ApiOkResponse({ type: AvailabilityView, description: 'Agents set themselves away; admins anyone' })
  setAway(@Param('userId', ParseIntPipe) userId: number, @Body() dto: AvailabilityDto, @CurrentUser() me: Principal) {
    if (userId !== me.id && me.role !== 'admin') throw new ForbiddenException('Only admins set other agents away');
    return this.roundRobin.setAway(userId, dto.away);
  }
}
