import { BadRequestException, HttpException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BulkChangesDto, BulkResultView } from './bulk-update.dto';
import { UpdateTicketDto } from './tickets.dto';
import { Actor, TicketsService } from './tickets.service';

/**
 * The inbox's multi-select: the same change applied to each ticket through the single
 * ticket update (same rules, audit events and realtime events), one ticket at a time so
 * one closed or missing ticket fails alone instead of failing the batch.
 */
@Injectable()
export class TicketsBulkService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
  ) {}

  async update(ids: number[], changes: BulkChangesDto, actor: Actor): Promise<BulkResultView> {
    const { addTags, removeTags, ...fields } = changes;
    const given = Object.entries(fields).filter(([, v]) => v !== undefined);
    if (!given.length && !addTags?.length && !removeTags?.length) {
      throw new BadRequestException({
        message: 'changes: nothing to change',
        fields: { changes: ['nothing to change'] },
      });
    }
    const result: BulkResultView = { updated: [], failed: [] };
    for (const id of ids) {
      try {
        const dto: UpdateTicketDto = Object.fromEntries(given);
        if (addTags?.length || removeTags?.length) dto.tags = await this.retagged(id, addTags ?? [], removeTags ?? []);
        await this.tickets.update(id, dto, actor);
        result.updated.push(id);
      } catch (e) {
        if (!(e instanceof HttpException)) throw e;
        const res = e.getResponse();
        result.failed.push({
          id,
          statusCode: e.getStatus(),
          message: typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? e.message),
        });
      }
    }
    return result;
  }

  /** The ticket's tags with these added and removed (undefined for a missing ticket: update() answers 404). */
  private async retagged(id: number, add: string[], remove: string[]): Promise<string[] | undefined> {
    const [row] = await this.db.query(`SELECT tags FROM tickets WHERE id = $1`, [id]);
    if (!row) return undefined;
    return [...new Set([...(row.tags as string[]), ...add])].filter((t) => !remove.includes(t));
  }
}
