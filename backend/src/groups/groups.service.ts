import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { User } from '../users/user.entity';
import { DATE_TIME } from '../common/api-schema';
import { CreateGroupDto, UpdateGroupDto } from './groups.dto';
import { Group } from './group.entity';

export class GroupView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Empty when none was given' }) description!: string;
  @ApiProperty({ type: [Number], description: 'The member users, ascending' }) memberIds!: number[];
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as GroupView. */
const toGroupView = (g: Group) => ({
  id: g.id,
  name: g.name,
  description: g.description,
  memberIds: (g.members ?? []).map((m) => m.id).sort((a, b) => a - b),
  createdAt: g.createdAt,
  updatedAt: g.updatedAt,
});

@Injectable()
export class GroupsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list() {
    const groups = await this.db
      .getRepository(Group)
      .find({ relations: { members: true }, order: { name: 'ASC', id: 'ASC' } });
    return { items: groups.map(toGroupView), nextCursor: null };
  }

  async get(id: number, tx: EntityManager = this.db.manager) {
    const group = await tx.findOne(Group, { where: { id }, relations: { members: true } });
    if (!group) throw new NotFoundException(`Group ${id} not found`);
    return toGroupView(group);
  }

  async create(dto: CreateGroupDto) {
    return this.db.transaction(async (tx) => {
      await this.assertNameFree(tx, dto.name);
      const saved = await tx.save(tx.create(Group, { name: dto.name, description: dto.description ?? '' }));
      await this.setMembers(tx, saved.id, dto.memberIds ?? []);
      return this.get(saved.id, tx);
    });
  }

  async update(id: number, dto: UpdateGroupDto) {
    return this.db.transaction(async (tx) => {
      const group = await tx.findOneBy(Group, { id });
      if (!group) throw new NotFoundException(`Group ${id} not found`);
      if (dto.name !== undefined && dto.name.toLowerCase() !== group.name.toLowerCase())
        await this.assertNameFree(tx, dto.name);
      const patch: Partial<Group> = {};
      if (dto.name !== undefined) patch.name = dto.name;
      if (dto.description !== undefined) patch.description = dto.description;
      if (Object.keys(patch).length) await tx.update(Group, { id }, patch);
      if (dto.memberIds !== undefined) await this.setMembers(tx, id, dto.memberIds);
      return this.get(id, tx);
    });
  }

  async remove(id: number) {
    const [{ count }] = await this.db.query(`SELECT count(*) AS count FROM tickets WHERE group_id = $1`, [id]);
    if (count > 0) throw new ConflictException(`Group ${id} still has ${count} ticket(s); move them first`);
    const res = await this.db.getRepository(Group).delete({ id });
    if (!res.affected) throw new NotFoundException(`Group ${id} not found`);
  }

  private async assertNameFree(tx: EntityManager, name: string) {
    const clash = await tx
      .getRepository(Group)
      .createQueryBuilder('g')
      .where('lower(g.name) = lower(:name)', { name })
      .getExists();
    if (clash) throw new ConflictException(`A group named ${name} already exists`);
  }

  /** Replaces the member list; unknown users are a 400 naming them. */
  private async setMembers(tx: EntityManager, groupId: number, ids: number[]) {
    const unique = [...new Set(ids)];
    const users = unique.length ? await tx.findBy(User, { id: In(unique) }) : [];
    const missing = unique.filter((id) => !users.some((u) => u.id === id));
    if (missing.length)
      throw new BadRequestException({
        message: `memberIds: no user ${missing.join(', ')}`,
        fields: { memberIds: [`unknown user ${missing.join(', ')}`] },
      });
    await tx.query('DELETE FROM group_members WHERE group_id = $1', [groupId]);
    if (unique.length)
      await tx.query('INSERT INTO group_members (group_id, user_id) SELECT $1, unnest($2::bigint[])', [
        groupId,
        unique,
      ]);
  }
}
