import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ShortCache } from '../../common/short-cache';
import { CreateMailboxDto, UpdateMailboxDto } from './mailboxes.dto';
import { Page } from '../../common/pagination';
import { GroupsRepository } from '../../groups/groups.repository';
import { MailTransportsService } from '../../mail-out/transports/mail-transports.service';
import { MailSourcesService } from '../../mail-sources/mail-sources.service';
import { Mailbox, MailboxView, toMailboxView } from './mailbox.view';
import { MailboxesRepository } from './mailboxes.repository';

export interface ResolvedRecipient {
  mailbox: Mailbox;
  /** The `+token` of a plus-address, when there was one. */
  token?: string;
}

@Injectable()
export class MailboxesService {
  constructor(
    private readonly mailboxes: MailboxesRepository,
    private readonly groups: GroupsRepository,
    private readonly sources: MailSourcesService,
    private readonly transports: MailTransportsService,
  ) {}

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
    return this.cache.get(() => this.mailboxes.list(true).then((all) => new Map(all.map((m) => [m.address, m]))));
  }

  private readonly cache = new ShortCache<Map<string, Mailbox>>();

  /** Drops the cache after a change made through this process. */
  private forget() {
    this.cache.clear();
  }

  /** True for any address that is ours (a mailbox, plus-addressed or in a domain mailbox): never a customer. */
  async isOwnAddress(address: string): Promise<boolean> {
    return (await this.resolve(address)) !== null;
  }

  async list(): Promise<Page<MailboxView>> {
    const all = await this.mailboxes.list();
    const ids = all.map((m) => m.id);
    const [sources, transports] = await Promise.all([this.sources.viewsFor(ids), this.transports.viewsFor(ids)]);
    return {
      items: all.map((m) => toMailboxView(m, sources.get(m.id) ?? null, transports.get(m.id) ?? null)),
      nextCursor: null,
    };
  }

  async get(id: number): Promise<MailboxView> {
    const m = await this.mailboxes.find(id);
    if (!m) throw new NotFoundException(`Mailbox ${id} not found`);
    const [sources, transports] = await Promise.all([this.sources.viewsFor([id]), this.transports.viewsFor([id])]);
    return toMailboxView(m, sources.get(id) ?? null, transports.get(id) ?? null);
  }

  /** The first active mailbox (where the contact form's tickets belong), if any. */
  firstActive(): Promise<Mailbox | undefined> {
    return this.mailboxes.firstActive();
  }

  async create(dto: CreateMailboxDto): Promise<MailboxView> {
    if (await this.mailboxes.addressTaken(dto.address))
      throw new ConflictException(`Mailbox ${dto.address} already exists`);
    await this.assertGroup(dto.defaultGroupId);
    const id = await this.mailboxes.insert(dto.address, dto);
    this.forget();
    try {
      if (dto.source) await this.sources.set(id, dto.source);
      if (dto.transport) await this.transports.set(id, dto.transport);
    } catch (e) {
      // A mailbox is not left behind without the source or transport it was asked for.
      await this.mailboxes.delete(id);
      this.forget();
      throw e;
    }
    return this.get(id);
  }

  async update(id: number, dto: UpdateMailboxDto): Promise<MailboxView> {
    await this.get(id);
    await this.assertGroup(dto.defaultGroupId);
    if (dto.source !== undefined) await this.sources.set(id, dto.source);
    if (dto.transport !== undefined) await this.transports.set(id, dto.transport);
    await this.mailboxes.update(id, dto);
    this.forget();
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    const deleted = await this.mailboxes.delete(id);
    this.forget();
    if (!deleted) throw new NotFoundException(`Mailbox ${id} not found`);
  }

  private async assertGroup(groupId: number | null | undefined) {
    if (groupId === undefined || groupId === null) return;
    if (!(await this.groups.exists(groupId)))
      throw new BadRequestException({
        message: `defaultGroupId: no group ${groupId}`,
        fields: { defaultGroupId: [`no group ${groupId}`] },
      });
  }
}
