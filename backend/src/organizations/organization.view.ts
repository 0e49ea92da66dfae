import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import type { FieldValues } from '../custom-fields/field-types';
import { FIELDS_PROPERTY } from '../customers/customers.dto';
import type { OrganizationRow } from './organizations.repository';

/** A company customers belong to. */
export class OrganizationView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], description: 'Email domains whose new customers join it' }) domains!: string[];
  @ApiProperty() notes!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty(FIELDS_PROPERTY) fields!: FieldValues;
  @ApiProperty({ description: "Members see each other's tickets on the portal" }) sharedTickets!: boolean;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export const toOrganizationView = (r: OrganizationRow): OrganizationView => ({
  id: r.id,
  name: r.name,
  domains: r.domains,
  notes: r.notes,
  tags: r.tags,
  fields: r.fields,
  sharedTickets: r.shared_tickets,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
