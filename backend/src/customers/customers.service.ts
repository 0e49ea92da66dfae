import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { idPage, idPageBounds } from '../common/pagination';
import { DATE_TIME } from '../common/api-schema';
import { Customer } from './customer.entity';
import { CreateCustomerDto, ListCustomersQuery, UpdateCustomerDto } from './customers.dto';

/** A person who writes in, as the API shows them. */
export class CustomerView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Lower-cased; unique' }) email!: string;
  @ApiProperty({ description: 'Empty when unknown' }) name!: string;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as CustomerView. */
export const toCustomerView = (c: Customer) => ({
  id: c.id,
  email: c.email,
  name: c.name,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

@Injectable()
export class CustomersService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The customer with this email, created if new. Race-safe: two concurrent mails
   * from a new sender end as one customer. A name is filled in only if none is known.
   */
  async findOrCreate(tx: EntityManager, email: string, name?: string): Promise<Customer> {
    const normalised = email.trim().toLowerCase();
    const rows: Customer[] = await tx.query(
      `INSERT INTO customers (email, name) VALUES ($1, $2)
       ON CONFLICT (email) DO UPDATE SET name = CASE WHEN customers.name = '' THEN EXCLUDED.name ELSE customers.name END
       RETURNING id, email, name, created_at AS "createdAt", updated_at AS "updatedAt"`,
      [normalised, name?.trim() ?? ''],
    );
    return rows[0];
  }

  async list(q: ListCustomersQuery) {
    const { limit, afterId } = idPageBounds(q);
    const qb = this.db.getRepository(Customer).createQueryBuilder('c').where('c.id > :afterId', { afterId });
    if (q.q) {
      const prefix = escapeLike(q.q.toLowerCase()) + '%';
      qb.andWhere('(c.email LIKE :prefix OR lower(c.name) LIKE :prefix)', { prefix });
    }
    const rows = await qb
      .orderBy('c.id', 'ASC')
      .take(limit + 1)
      .getMany();
    const page = idPage(rows, limit);
    return { ...page, items: page.items.map(toCustomerView) };
  }

  async get(id: number) {
    const c = await this.db.getRepository(Customer).findOneBy({ id });
    if (!c) throw new NotFoundException(`Customer ${id} not found`);
    return toCustomerView(c);
  }

  async create(dto: CreateCustomerDto) {
    const repo = this.db.getRepository(Customer);
    if (await repo.existsBy({ email: dto.email }))
      throw new ConflictException(`A customer with email ${dto.email} already exists`);
    const saved = await repo.save(repo.create({ email: dto.email, name: dto.name ?? '' }));
    return this.get(saved.id);
  }

  async update(id: number, dto: UpdateCustomerDto) {
    const repo = this.db.getRepository(Customer);
    const c = await repo.findOneBy({ id });
    if (!c) throw new NotFoundException(`Customer ${id} not found`);
    if (dto.email !== undefined && dto.email !== c.email && (await repo.existsBy({ email: dto.email }))) {
      throw new ConflictException(`A customer with email ${dto.email} already exists`);
    }
    await repo.update(
      { id },
      { ...(dto.email !== undefined && { email: dto.email }), ...(dto.name !== undefined && { name: dto.name }) },
    );
    return this.get(id);
  }
}
