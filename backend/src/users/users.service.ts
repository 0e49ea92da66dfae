import { randomBytes } from 'node:crypto';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { idPage, idPageBounds, PageQuery } from '../common/pagination';
import { LOCKS } from '../database/locks';
import { Transactions } from '../database/transactions';
import { LicenceService } from '../licence/licence.service';
import { hashPassword } from './passwords';
import { InviteOutcome, UserInvites } from './user-invites';
import { UserSessions } from './user-sessions';
import { toUserView } from './user.view';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly sessions: UserSessions,
    private readonly licence: LicenceService,
    private readonly invites: UserInvites,
  ) {}

  async list(q: PageQuery) {
    const { limit, afterId } = idPageBounds(q);
    const page = idPage(await this.users.list(afterId, limit + 1), limit);
    return { ...page, items: page.items.map(toUserView) };
  }

  async get(id: number) {
    const user = await this.users.find(id);
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return toUserView(user);
  }

  /**
   * Creates a user. Without a password the user is invited: they get an unusable random
   * password and a set-password link by mail (none for agents while single sign-on is
   * enforced: they sign in with the provider). `origin` is where the link points.
   */
  async create(dto: CreateUserDto, origin?: string) {
    const invite = dto.password === undefined;
    const passwordHash = await hashPassword(dto.password ?? randomBytes(32).toString('base64url'));
    const { id, outcome } = await this.transactions.run(async (tx) => {
      await this.transactions.lock(tx, LOCKS.users);
      if (await this.users.emailTaken(dto.email, tx))
        throw new ConflictException(`A user with email ${dto.email} already exists`);
      await this.licence.assertSeatAvailable(tx);
      const id = await this.users.insert(tx, {
        email: dto.email,
        name: dto.name,
        role: dto.role,
        passwordHash,
        ticketScope: dto.ticketScope ?? 'all',
        title: dto.title,
        signature: dto.signature,
      });
      const outcome: InviteOutcome | null = invite && origin ? await this.invites.issue(tx, id, origin) : null;
      return { id, outcome };
    });
    if (outcome && 'outboxId' in outcome) await this.invites.dispatch(outcome.outboxId);
    return this.get(id);
  }

  /**
   * Mails the user a new set-password link (the older one stops working).
   * @throws NotFoundException; ConflictException for a deactivated user or an agent while single sign-on is enforced.
   */
  async invite(id: number, origin: string) {
    const outcome = await this.transactions.run(async (tx) => {
      if (!(await this.users.find(id, tx))) throw new NotFoundException(`User ${id} not found`);
      return this.invites.issue(tx, id, origin);
    });
    if ('refused' in outcome) throw new ConflictException(outcome.refused);
    await this.invites.dispatch(outcome.outboxId);
    return this.get(id);
  }

  async update(id: number, dto: UpdateUserDto) {
    await this.transactions.run(async (tx) => {
      // Serialise user changes so two concurrent demotions cannot leave no admin and
      // two activations cannot both take the last seat.
      await this.transactions.lock(tx, LOCKS.users);
      const user = await this.users.find(id, tx);
      if (!user) throw new NotFoundException(`User ${id} not found`);
      if (!user.active && dto.active === true) await this.licence.assertSeatAvailable(tx);
      const losesAdmin = user.role === 'admin' && user.active && (dto.role === 'agent' || dto.active === false);
      if (losesAdmin && (await this.users.activeAdminCount(tx)) <= 1) {
        throw new ConflictException('This is the last active admin; make another admin first');
      }
      const passwordHash = dto.password === undefined ? undefined : await hashPassword(dto.password);
      await this.users.update(
        id,
        {
          name: dto.name,
          role: dto.role,
          active: dto.active,
          ticketScope: dto.ticketScope,
          title: dto.title,
          signature: dto.signature,
          passwordHash,
        },
        tx,
      );
    });
    // A deactivated user or a reset password ends every browser session of that user.
    if (dto.active === false || dto.password !== undefined) await this.sessions.endAll(id);
    return this.get(id);
  }
}
