import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { idPage, idPageBounds } from '../common/pagination';
import { DATE_TIME } from '../common/api-schema';
import { CreateCustomerDto, ListCustomersQuery, UpdateCustomerDto } from './customers.dto';
import { CustomerRow, CustomersRepository } from './customers.repository';

/** A person who writes in, as the API shows them. */
export class CustomerView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Lower-cased; unique' }) email!: string;
  @ApiProperty({ description: 'Empty when unknown' }) name!: string;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as CustomerView. */
export const toCustomerView = (c: CustomerRow) => ({
  id: c.id,
  email: c.email,
  name: c.name,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

@Injectable()
export class CustomersService {
  constructor(private readonly customers: CustomersRepository) {}

  async list(q: ListCustomersQuery) {
    const { limit, afterId } = idPageBounds(q);
    const page = idPage(await this.customers.list(afterId, limit + 1, q.q), limit);
    return { ...page, items: page.items.map(toCustomerView) };
  }

  async get(id: number) {
    const c = await this.customers.find(id);
    if (!c) throw new NotFoundException(`Customer ${id} not found`);
    return toCustomerView(c);
  }

  async create(dto: CreateCustomerDto) {
    if (await this.customers.emailTaken(dto.email))
      throw new ConflictException(`A customer with email ${dto.email} already exists`);
    return this.get(await this.customers.insert(dto.email, dto.name ?? ''));
  }

  async update(id: number, dto: UpdateCustomerDto) {
    const c = await this.customers.find(id);
    if (!c) throw new NotFoundException(`Customer ${id} not found`);
    if (dto.email !== undefined && dto.email !== c.email && (await this.customers.emailTaken(dto.email))) {
      throw new ConflictException(`A customer with email ${dto.email} already exists`);
    }
    await this.customers.update(id, { email: dto.email, name: dto.name });
    return this.get(id);
  }
}
