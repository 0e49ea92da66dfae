import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { idPage, idPageBounds } from '../common/pagination';
import { DATE_TIME } from '../common/api-schema';
import { CustomFieldsService } from '../custom-fields/custom-fields.service';
import { FieldValues } from '../custom-fields/field-types';
import { applyFieldChanges, fieldChanges } from '../custom-fields/field-values';
import { CreateCustomerDto, FIELDS_PROPERTY, ListCustomersQuery, UpdateCustomerDto } from './customers.dto';
import { CustomerRow, CustomersRepository } from './customers.repository';

/** A person who writes in, as the API shows them. */
export class CustomerView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Lower-cased; unique' }) email!: string;
  @ApiProperty({ description: 'Empty when unknown' }) name!: string;
  @ApiProperty({ type: Number, nullable: true, description: 'The organization they belong to' })
  organizationId!: number | null;
  @ApiProperty(FIELDS_PROPERTY) fields!: FieldValues;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as CustomerView. */
export const toCustomerView = (c: CustomerRow) => ({
  id: c.id,
  email: c.email,
  name: c.name,
  organizationId: c.organization_id,
  fields: c.fields,
  createdAt: c.created_at,
  updatedAt: c.updated_at,
});

/**
 * Customers. A new one joins the organization that owns their address's domain unless
 * told otherwise; an agent moves people between organizations (their existing tickets
 * keep the organization they were opened under, as in Zendesk). Custom field values are
 * checked by type, as ticket fields are.
 */
@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly fields: CustomFieldsService,
  ) {}

  async list(q: ListCustomersQuery) {
    const { limit, afterId } = idPageBounds(q);
    const page = idPage(await this.customers.list(afterId, limit + 1, q.q, q.organizationId), limit);
    return { ...page, items: page.items.map(toCustomerView) };
  }

  async get(id: number) {
    return toCustomerView(await this.found(id));
  }

  async create(dto: CreateCustomerDto) {
    if (await this.customers.emailTaken(dto.email))
      throw new DomainError('conflict', `A customer with email ${dto.email} already exists`);
    await this.assertOrganization(dto.organizationId);
    const fields = await this.fieldValues(dto.fields, {});
    return this.get(await this.customers.insert(dto.email, dto.name ?? '', dto.organizationId, fields));
  }

  async update(id: number, dto: UpdateCustomerDto) {
    const c = await this.found(id);
    if (dto.email !== undefined && dto.email !== c.email && (await this.customers.emailTaken(dto.email))) {
      throw new DomainError('conflict', `A customer with email ${dto.email} already exists`);
    }
    await this.assertOrganization(dto.organizationId);
    await this.customers.update(id, {
      email: dto.email,
      name: dto.name,
      organization_id: dto.organizationId,
      fields: dto.fields && (await this.fieldValues(dto.fields, c.fields)),
    });
    return this.get(id);
  }

  private async found(id: number): Promise<CustomerRow> {
    const c = await this.customers.find(id);
    if (!c) throw new DomainError('not_found', `Customer ${id} not found`);
    return c;
  }

  private async assertOrganization(id: number | null | undefined) {
    if (typeof id === 'number' && !(await this.customers.organizationExists(id)))
      throw DomainError.invalid('organizationId', `no organization ${id}`);
  }

  private async fieldValues(input: Record<string, unknown> | undefined, current: FieldValues): Promise<FieldValues> {
    if (!input) return current;
    return applyFieldChanges(current, fieldChanges(await this.fields.definitions('customer'), input, current));
  }
}
