import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { VIEW_COUNT_CAP } from './view-counts';

/** A saved inbox view as the API shows it, with its ticket count for the caller. */
export class SavedViewView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description:
      'Query parameters of GET /api/v1/tickets as strings (status, priority, assigneeId, groupId, requesterId, tag, q, sort, order)',
    example: { status: 'new,open', assigneeId: 'me' },
  })
  filters!: Record<string, string>;
  @ApiProperty({ description: 'Visible to every agent' }) shared!: boolean;
  @ApiProperty() ownerId!: number;
  @ApiProperty({
    description: `Tickets matching the filters (assigneeId "me" meaning the caller); ${VIEW_COUNT_CAP} when countCapped`,
  })
  count!: number;
  @ApiProperty({ description: `More than ${VIEW_COUNT_CAP} tickets match: show the count as "${VIEW_COUNT_CAP}+"` })
  countCapped!: boolean;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}
