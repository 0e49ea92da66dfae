import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { Transactions, Tx } from '../database/transactions';
import { UsersRepository } from '../users/users.repository';
import { CreateGroupDto, UpdateGroupDto } from './groups.dto';
import { GroupRow, GroupsRepository } from './groups.repository';

export class GroupView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'Empty when none was given' }) description!: string;
  @ApiProperty({ type: [Number], description: 'The member users, ascending' }) memberIds!: number[];
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as GroupView. */
const toGroupView = (g: GroupRow) => ({
  id: g.id,
  name: g.name,
  description: g.description,
  memberIds: g.member_ids,
  createdAt: g.created_at,
  updatedAt: g.updated_at,
});

@Injectable()
export class GroupsService {
  constructor(
    private readonly groups: GroupsRepository,
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
  ) {}

  async list() {
    return { items: (await this.groups.list()).map(toGroupView), nextCursor: null };
  }

  async get(id: number, tx?: Tx) {
    const group = await this.groups.find(id, tx);
    if (!group) throw new NotFoundException(`Group ${id} not found`);
    return toGroupView(group);
  }

  async create(dto: CreateGroupDto) {
    return this.transactions.run(async (tx) => {
      await this.assertNameFree(tx, dto.name);
      const id = await this.groups.insert(tx, dto.name, dto.description ?? '');
      await this.setMembers(tx, id, dto.memberIds ?? []);
      return this.get(id, tx);
    });
  }

  async update(id: number, dto: UpdateGroupDto) {
    return this.transactions.run(async (tx) => {
      const group = await this.groups.find(id, tx);
      if (!group) throw new NotFoundException(`Group ${id} not found`);
      if (dto.name !== undefined && dto.name.toLowerCase() !== group.name.toLowerCase())
        await this.assertNameFree(tx, dto.name);
      if (dto.name !== undefined || dto.description !== undefined)
        await this.groups.update(tx, id, { name: dto.name, description: dto.description });
      if (dto.memberIds !== undefined) await this.setMembers(tx, id, dto.memberIds);
      return this.get(id, tx);
    });
  }

  async remove(id: number) {
    const count = await this.groups.ticketCount(id);
    if (count > 0) throw new ConflictException(`Group ${id} still has ${count} ticket(s); move them first`);
    if (!(await this.groups.delete(id))) throw new NotFoundException(`Group ${id} not found`);
  }

  private async assertNameFree(tx: Tx, name: string) {
    if (await this.groups.nameTaken(name, tx)) throw new ConflictException(`A group named ${name} already exists`);
  }

  /** Replaces the member list; unknown users are a 400 naming them. */
  private async setMembers(tx: Tx, groupId: number, ids: number[]) {
    const unique = [...new Set(ids)];
    const known = unique.length ? await this.users.existing(unique, tx) : [];
    const missing = unique.filter((id) => !known.includes(id));
    if (missing.length)
      throw new BadRequestException({
        message: `memberIds: no user ${missing.join(', ')}`,
        fields: { memberIds: [`unknown user ${missing.join(', ')}`] },
      });
    await this.groups.setMembers(tx, groupId, unique);
  }
}
