import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { idPage, idPageBounds, PageQuery } from '../common/pagination';
import { LOCKS } from '../database/locks';
import { Transactions } from '../database/transactions';
import { LicenceService } from '../licence/licence.service';
import { hashPassword } from './passwords';
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

  async create(dto: CreateUserDto) {
    const passwordHash = await hashPassword(dto.password);
    const id = await this.transactions.run(async (tx) => {
      await this.transactions.lock(tx, LOCKS.users);
      if (await this.users.emailTaken(dto.email, tx))
        throw new ConflictException(`A user with email ${dto.email} already exists`);
      await this.licence.assertSeatAvailable(tx);
      return this.users.insert(tx, {
        email: dto.email,
        name: dto.name,
        role: dto.role,
        passwordHash,
        ticketScope: dto.ticketScope ?? 'all',
        title: dto.title,
        signature: dto.signature,
      });
    });
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
