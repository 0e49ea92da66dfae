import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, MoreThan } from 'typeorm';
import { idPage, idPageBounds, PageQuery } from '../common/pagination';
import { LicenceService } from '../licence/licence.service';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { hashPassword } from './passwords';
import { UserSessions } from './user-sessions';
import { toUserView, User } from './user.entity';
import { LOCKS } from '../database/locks';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sessions: UserSessions,
    private readonly licence: LicenceService,
  ) {}

  private get repo() {
    return this.db.getRepository(User);
  }

  async list(q: PageQuery) {
    const { limit, afterId } = idPageBounds(q);
    const rows = await this.repo.find({ where: { id: MoreThan(afterId) }, order: { id: 'ASC' }, take: limit + 1 });
    const page = idPage(rows, limit);
    return { ...page, items: page.items.map(toUserView) };
  }

  async get(id: number) {
    const user = await this.repo.findOneBy({ id });
    if (!user) throw new NotFoundException(`User ${id} not found`);
    return toUserView(user);
  }

  async create(dto: CreateUserDto) {
    const passwordHash = await hashPassword(dto.password);
    const id = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.users]);
      if (await tx.existsBy(User, { email: dto.email }))
        throw new ConflictException(`A user with email ${dto.email} already exists`);
      await this.licence.assertSeatAvailable(tx);
      const saved = await tx.save(tx.create(User, { email: dto.email, name: dto.name, role: dto.role, passwordHash }));
      return saved.id;
    });
    return this.get(id);
  }

  async update(id: number, dto: UpdateUserDto) {
    await this.db.transaction(async (tx) => {
      // Serialise user changes so two concurrent demotions cannot leave no admin and
      // two activations cannot both take the last seat.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCKS.users]);
      const user = await tx.findOneBy(User, { id });
      if (!user) throw new NotFoundException(`User ${id} not found`);
      if (!user.active && dto.active === true) await this.licence.assertSeatAvailable(tx);
      const losesAdmin = user.role === 'admin' && user.active && (dto.role === 'agent' || dto.active === false);
      if (losesAdmin && (await this.activeAdminCount(tx)) <= 1) {
        throw new ConflictException('This is the last active admin; make another admin first');
      }
      const patch: Partial<User> = {};
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.role !== undefined) patch.role = dto.role;
      if (dto.active !== undefined) patch.active = dto.active;
      if (dto.password !== undefined) patch.passwordHash = await hashPassword(dto.password);
      if (Object.keys(patch).length) await tx.update(User, { id }, patch);
    });
    // A deactivated user or a reset password ends every browser session of that user.
    if (dto.active === false || dto.password !== undefined) await this.sessions.endAll(id);
    return this.get(id);
  }

  private async activeAdminCount(tx: EntityManager) {
    return tx.countBy(User, { role: 'admin', active: true });
  }
}
