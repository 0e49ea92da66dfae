import { ApiProperty } from '@nestjs/swagger';

export class RoundRobinView {
  @ApiProperty() groupId!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'New and open tickets an agent may hold before being skipped; null: no cap',
  })
  maxOpenPerAgent!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Who got the group’s last ticket' }) lastUserId!:
    number | null;
}

export class AvailabilityView {
  @ApiProperty() userId!: number;
  @ApiProperty({ description: 'Away agents get no tickets by round-robin' }) away!: boolean;
}
