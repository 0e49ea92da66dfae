import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CreateMailboxDto, UpdateMailboxDto } from './mailboxes.dto';
import { Page } from '../../common/pagination';
import { MailSourcesService } from '../../mail-sources/mail-sources.service';
import { Mailbox, MailboxView, toMailboxView } from './mailbox.entity';

export interface ResolvedRecipient {
  mailbox: Mailbox;
  /** The `+token` of a plus-address, when there was one. */
  token?: string;
}

@Injectable()
export class MailboxesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sources: MailSourcesService,
  ) {}

  private get repo() {
    return this.db.getRepository(Mailbox);
  }

  /**
   * The active mailbox a recipient address belongs to: the exact address, its base
   * when plus-addressed (`support+t12.abc@…` → `support@…`), or a whole-domain mailbox.
   */
  async resolve(address: string): Promise<ResolvedRecipient | null> {
    const lower = address.trim().toLowerCase();
    const at = lower.lastIndexOf('@');
    if (at <= 0) return null;
    const local = lower.slice(0, at);
    const domain = lower.slice(at + 1);
    const plus = local.indexOf('+');
    const base = plus > 0 ? `${local.slice(0, plus)}@${domain}` : lower;
    const token = plus > 0 ? local.slice(plus + 1) : undefined;
    const active = await this.activeByAddress();
    const mailbox = active.get(lower) ?? active.get(base) ?? active.get(`@${domain}`);
    return mailbox ? { mailbox, token: mailbox.address === lower ? undefined : token } : null;
  }

  /**
   * Active mailboxes by address, read at most once a second: every recipient of every
   * message is resolved (several times per message), and mailboxes change rarely. A new
   * or changed mailbox is seen within a second on every replica.
   */
  private async activeByAddress(): Promise<Map<string, Mailbox>> {
    const now = Date.now();
    if (!this.cache || now - this.cache.at > 1000) {
      const loaded = this.repo.find({ where: { active: true } }).then((all) => new Map(all.map((m) => [m.address, m])));
      // Concurrent callers share one query; a failed query is not cached.
      this.cache = { at: now, map: loaded };
      loaded.catch(() => (this.cache = undefined));
    }
    return this.cache.map;
  }

  private cache?: { at: number; map: Promise<Map<string, Mailbox>> };

  /** Drops the cache after a change made through this process. */
  private forget() {
    this.cache = undefined;
  }

  /** True for any address that is ours (a mailbox, plus-addressed or in a domain mailbox): never a customer. */
  async isOwnAddress(address: string): Promise<boolean> {
    return (await this.resolve(address)) !== null;
  }

  async list(): Promise<Page<MailboxView>> {
    const all = await this.repo.find({ order: { id: 'ASC' } });
    const sources = await this.sources.viewsFor(all.map((m) => m.id));
    return { items: all.map((m) => toMailboxView(m, sources.get(Number(m.id)) ?? null)), nextCursor: null };
  }

  async get(id: number): Promise<MailboxView> {
    const m = await this.repo.findOneBy({ id });
    if (!m) throw new NotFoundException(`Mailbox ${id} not found`);
    return toMailboxView(m, (await this.sources.viewsFor([id])).get(Number(id)) ?? null);
  }

  async create(dto: CreateMailboxDto): Promise<MailboxView> {
    if (await this.repo.existsBy({ address: dto.address }))
      throw new ConflictException(`Mailbox ${dto.address} already exists`);
    await this.assertGroup(dto.defaultGroupId);
    const saved = await this.repo.save(
      this.repo.create({
        address: dto.address,
        displayName: dto.displayName ?? '',
        defaultGroupId: dto.defaultGroupId ?? null,
        outboundFrom: dto.outboundFrom ?? null,
        active: dto.active ?? true,
      }),
    );
    this.forget();
    if (dto.source !== undefined && dto.source !== null) {
      // A mailbox is not left behind without the source it was asked for.
      await this.sources.set(saved.id, dto.source).catch(async (e) => {
        await this.repo.delete({ id: saved.id });
        throw e;
      });
    }
    return this.get(saved.id);
  }

  async update(id: number, dto: UpdateMailboxDto): Promise<MailboxView> {
    await this.get(id);
    await this.assertGroup(dto.defaultGroupId);
    const patch: Partial<Mailbox> = { updatedAt: new Date() };
    if (dto.displayName !== undefined) patch.displayName = dto.displayName;
    if (dto.defaultGroupId !== undefined) patch.defaultGroupId = dto.defaultGroupId;
    if (dto.outboundFrom !== undefined) patch.outboundFrom = dto.outboundFrom;
    if (dto.active !== undefined) patch.active = dto.active;
    if (dto.source !== undefined) await this.sources.set(id, dto.source);
    await this.repo.update({ id }, patch);
    this.forget();
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    const res = await this.repo.delete({ id });
    this.forget();
    if (!res.affected) throw new NotFoundException(`Mailbox ${id} not found`);
  }

  private async assertGroup(groupId: number | null | undefined) {
    if (groupId === undefined || groupId === null) return;
    const [g] = await this.db.query('SELECT 1 FROM groups WHERE id = $1', [groupId]);
    if (!g)
      throw new BadRequestException({
        message: `defaultGroupId: no group ${groupId}`,
        fields: { defaultGroupId: [`no group ${groupId}`] },
      });
  }
}
