import { Injectable, NotFoundException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SqlRow } from '../tickets/ticket.view';
import { DATE_TIME } from '../common/api-schema';
import { CreateCannedResponseDto, UpdateCannedResponseDto } from './canned-responses.dto';

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

const toCannedResponseView = (r: SqlRow): CannedResponseView => ({
  id: r.id,
  title: r.title,
  body: r.body,
  createdBy: r.created_by,
  updatedBy: r.updated_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The team's shared replies: one list, which every agent may add to and edit. Titles are unique (case-insensitive). */
@Injectable()
export class CannedResponsesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list() {
    const rows: SqlRow[] = await this.db.query(`SELECT * FROM canned_responses ORDER BY lower(title), id`);
    return rows.map(toCannedResponseView);
  }

  async create(dto: CreateCannedResponseDto, userId: number) {
    const [row] = await this.db.query(
      `INSERT INTO canned_responses (title, body, created_by, updated_by) VALUES ($1, $2, $3, $3) RETURNING *`,
      [dto.title, dto.body, userId],
    );
    return toCannedResponseView(row);
  }

  async update(id: number, dto: UpdateCannedResponseDto, userId: number) {
    const [[row]] = await this.db.query(
      `UPDATE canned_responses SET title = coalesce($2, title), body = coalesce($3, body), updated_by = $4, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [id, dto.title ?? null, dto.body ?? null, userId],
    );
    if (!row) throw new NotFoundException(`Canned response ${id} not found`);
    return toCannedResponseView(row);
  }

  async remove(id: number) {
    const [, deleted] = await this.db.query(`DELETE FROM canned_responses WHERE id = $1`, [id]);
    if (!deleted) throw new NotFoundException(`Canned response ${id} not found`);
  }
}
