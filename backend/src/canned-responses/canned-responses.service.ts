import { Injectable, NotFoundException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { CreateCannedResponseDto, UpdateCannedResponseDto } from './canned-responses.dto';
import { CannedResponseRow, CannedResponsesRepository } from './canned-responses.repository';

/** A shared reply as the API shows it. */
export class CannedResponseView {
  @ApiProperty() id!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Plain text with {{…}} placeholders the UI fills in' }) body!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The user who created it; null once that user is deleted' })
  createdBy!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'The user who last changed it; null once that user is deleted',
  })
  updatedBy!: number | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

const toCannedResponseView = (r: CannedResponseRow) => ({
  id: r.id,
  title: r.title,
  body: r.body,
  createdBy: r.created_by,
  updatedBy: r.updated_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * The team's shared replies: one list, which every agent may add to and edit. Titles are unique
 * (case-insensitive). Since issue 16 they are macros with only a reply text (`/api/v1/macros`).
 */
@Injectable()
export class CannedResponsesService {
  constructor(private readonly responses: CannedResponsesRepository) {}

  async list() {
    return (await this.responses.list()).map(toCannedResponseView);
  }

  async create(dto: CreateCannedResponseDto, userId: number) {
    return toCannedResponseView(await this.responses.insert(dto.title, dto.body, userId));
  }

  async update(id: number, dto: UpdateCannedResponseDto, userId: number) {
    const row = await this.responses.update(id, dto, userId);
    if (!row) throw new NotFoundException(`Canned response ${id} not found`);
    return toCannedResponseView(row);
  }

  async remove(id: number) {
    if (!(await this.responses.delete(id))) throw new NotFoundException(`Canned response ${id} not found`);
  }
}
