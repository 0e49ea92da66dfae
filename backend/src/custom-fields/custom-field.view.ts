import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import type { CustomFieldRow } from './custom-fields.repository';
import { FIELD_TYPES, FieldType } from './field-types';
import type { TicketFormRow } from './ticket-forms.repository';

export class FieldOptionView {
  @ApiProperty() value!: string;
  @ApiProperty() label!: string;
  @ApiProperty() active!: boolean;
}

/** A custom field of tickets, customers or organizations. */
export class CustomFieldView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'The name in `fields` and in filters (`field.<key>`)' }) key!: string;
  @ApiProperty() label!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: FIELD_TYPES, enumName: 'FieldType' }) type!: FieldType;
  @ApiProperty({ type: () => [FieldOptionView], description: 'Dropdown and multiselect choices' })
  options!: FieldOptionView[];
  @ApiProperty({ type: String, nullable: true, description: 'Regex fields: the pattern a value must match' })
  pattern!: string | null;
  @ApiProperty() visibleToCustomers!: boolean;
  @ApiProperty({ description: 'Ticket fields: a ticket cannot be solved without a value' }) requiredToSolve!: boolean;
  @ApiProperty({ description: 'A deactivated field keeps its values but takes no new ones' }) active!: boolean;
  @ApiProperty() position!: number;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class TicketFormView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: [Number], description: 'Ticket field ids in display order' }) fieldIds!: number[];
  @ApiProperty({ description: 'Offered on the public contact form' }) visibleToCustomers!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty() position!: number;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** A field as the public contact form offers it (no internal details). */
export class PublicFieldView {
  @ApiProperty() key!: string;
  @ApiProperty() label!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: FIELD_TYPES, enumName: 'FieldType' }) type!: FieldType;
  @ApiProperty({ type: () => [FieldOptionView], description: 'Active choices only' }) options!: FieldOptionView[];
  @ApiProperty({ type: String, nullable: true }) pattern!: string | null;
}

/** A form the public contact form offers, with its customer-visible fields in order. */
export class PublicTicketFormView {
  @ApiProperty() id!: number;
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: () => [PublicFieldView] }) fields!: PublicFieldView[];
}

const iso = (d: Date) => d.toISOString();

export const toCustomFieldView = (r: CustomFieldRow): CustomFieldView => ({
  id: r.id,
  key: r.key,
  label: r.label,
  description: r.description,
  type: r.type,
  options: r.options,
  pattern: r.pattern,
  visibleToCustomers: r.visible_to_customers,
  requiredToSolve: r.required_to_solve,
  active: r.active,
  position: r.position,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export const toTicketFormView = (r: TicketFormRow): TicketFormView => ({
  id: r.id,
  name: r.name,
  description: r.description,
  fieldIds: r.field_ids,
  visibleToCustomers: r.visible_to_customers,
  active: r.active,
  position: r.position,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});
