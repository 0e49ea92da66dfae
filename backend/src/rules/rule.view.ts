import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { FIELD_TYPES } from '../custom-fields/field-types';
import { ACTION_DEFS } from './engine/actions';
import { CONDITION_FIELDS } from './engine/fields';
import { RULE_PLACEHOLDERS } from './engine/placeholders';
import { OPERATOR_DOCS, OPERATORS } from './engine/rule-types';
import type { RuleRow } from './rules.repository';

const anyValue = {
  description: 'A value of the field’s type: text, number, id, null, a list, or an object (email)',
  oneOf: [
    { type: 'string' },
    { type: 'number' },
    { type: 'boolean' },
    { type: 'array', items: {} },
    { type: 'object' },
  ],
  nullable: true,
};

/** Every condition field, documented where the OpenAPI document shows the condition. */
export const CONDITION_FIELD_DOC =
  'The field tested. Built in: ' +
  CONDITION_FIELDS.map(
    (f) => `\`${f.name}\` (${f.description}; ${f.operators.join(', ')}${f.triggerOnly ? '; triggers only' : ''})`,
  ).join('; ') +
  '. Custom ticket fields: `field.<key>` (operators by the field’s type), and `hoursSince.field.<key>` for date fields.';

export const ACTION_FIELD_DOC =
  'What the action does. ' +
  ACTION_DEFS.map((a) => `\`${a.name}\`: ${a.description}${a.kinds.includes('macro') ? '' : ' (not in macros)'}`).join(
    '; ',
  ) +
  '; `field.<key>`: sets a custom ticket field (null clears it). Texts may use placeholders ' +
  RULE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ') +
  '.';

export class ConditionView {
  @ApiProperty({ description: CONDITION_FIELD_DOC }) field!: string;
  @ApiProperty({
    enum: OPERATORS,
    enumName: 'RuleOperator',
    description: OPERATORS.map((o) => `\`${o}\`: ${OPERATOR_DOCS[o]}`).join('; '),
  })
  operator!: (typeof OPERATORS)[number];
  @ApiPropertyOptional(anyValue) value?: unknown;
}

export class ConditionsView {
  @ApiProperty({ type: () => [ConditionView], description: 'Every one must hold' }) all!: ConditionView[];
  @ApiProperty({ type: () => [ConditionView], description: 'At least one must hold (when not empty)' })
  any!: ConditionView[];
}

export class ActionView {
  @ApiProperty({ description: ACTION_FIELD_DOC }) field!: string;
  @ApiPropertyOptional(anyValue) value?: unknown;
}

class RuleView {
  @ApiProperty() id!: number;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'Its place in the admin’s order (rules run in this order)' }) position!: number;
  @ApiProperty({ type: () => ConditionsView }) conditions!: ConditionsView;
  @ApiProperty({ type: () => [ActionView] }) actions!: ActionView[];
  @ApiProperty({ description: 'One of the defaults every install starts with' }) builtIn!: boolean;
  @ApiProperty({ type: Number, nullable: true }) createdBy!: number | null;
  @ApiProperty({ type: Number, nullable: true }) updatedBy!: number | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** A trigger: runs on ticket changes, in the worker, right after they commit. */
export class TriggerView extends RuleView {}
/** An automation: runs on time, on every ticket matching at the scheduled check, once per window. */
export class AutomationView extends RuleView {}

export const toRuleView = (r: RuleRow): RuleView => ({
  id: r.id,
  title: r.title,
  description: r.description,
  active: r.active,
  position: r.position,
  conditions: { all: r.conditions.all ?? [], any: r.conditions.any ?? [] },
  actions: r.actions,
  builtIn: r.default_key !== null,
  createdBy: r.created_by,
  updatedBy: r.updated_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

export class RuleChangeView {
  @ApiProperty() field!: string;
  @ApiProperty(anyValue) before!: unknown;
  @ApiProperty(anyValue) after!: unknown;
}

export class RuleTestView {
  @ApiProperty() ticketId!: number;
  @ApiProperty() matched!: boolean;
  @ApiProperty({ type: [Boolean], description: 'Each `all` condition’s outcome, in order' }) all!: boolean[];
  @ApiProperty({ type: [Boolean], description: 'Each `any` condition’s outcome, in order' }) any!: boolean[];
  @ApiProperty({ type: () => [RuleChangeView], description: 'The field changes the actions would make' })
  changes!: RuleChangeView[];
  @ApiProperty({ type: [String], description: 'What else they would do (notes, mail, webhooks, round-robin)' })
  effects!: string[];
}

export class DryRunMatchView {
  @ApiProperty() eventId!: number;
  @ApiProperty() eventType!: string;
  @ApiProperty() ticketId!: number;
  @ApiProperty() ticketNumber!: number;
  @ApiProperty() subject!: string;
  @ApiProperty(DATE_TIME) at!: string;
}

export class DryRunView {
  @ApiProperty({ description: 'Events examined (the newest, at most 100)' }) examined!: number;
  @ApiProperty({ type: () => [DryRunMatchView] }) matches!: DryRunMatchView[];
}

export class TriggerRunView {
  @ApiProperty() id!: number;
  @ApiProperty() ticketId!: number;
  @ApiProperty({ type: [Number] }) eventIds!: number[];
  @ApiProperty({ enum: ['pending', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
}

const VALUE_TYPES = ['enum', 'id', 'text', 'list', 'number', 'date', 'boolean'];
const OPTIONS_DOC =
  'The choices with their labels: a custom field’s active options, the active ticket forms (`formId`)';

class ValueOptionView {
  @ApiProperty({ description: 'The value as the API spells it (a form’s id as text)' }) value!: string;
  @ApiProperty() label!: string;
}

class FieldDefinitionView {
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: VALUE_TYPES }) type!: string;
  @ApiProperty({ type: [String], nullable: true, description: 'The values an enum or list takes' })
  values!: string[] | null;
  @ApiProperty({ description: 'null is a value (none)' }) nullable!: boolean;
  @ApiProperty({ description: 'What the id names: group, user, customer, mailbox, organization, form' })
  refers!: string;
  @ApiProperty({ enum: OPERATORS, isArray: true }) operators!: string[];
  @ApiProperty() triggerOnly!: boolean;
  @ApiPropertyOptional({ type: () => [ValueOptionView], description: OPTIONS_DOC }) options?: ValueOptionView[];
  @ApiPropertyOptional({ description: 'A custom field’s label' }) label?: string;
  @ApiPropertyOptional({
    enum: FIELD_TYPES,
    description: 'A custom field’s own type (a textarea takes several lines, a date is YYYY-MM-DD)',
  })
  fieldType?: string;
}

/** An action; those with a plain value describe it as condition fields do (`field.<key>`: one per active custom field). */
class ActionDefinitionView {
  @ApiProperty() name!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: ['trigger', 'automation', 'macro'], isArray: true }) kinds!: string[];
  @ApiPropertyOptional({
    enum: VALUE_TYPES,
    description: 'The value’s type, for a value picker (absent: a value of its own shape, e.g. `email`)',
  })
  type?: string;
  @ApiPropertyOptional({ type: [String], nullable: true, description: 'The values an enum or list takes' })
  values?: string[] | null;
  @ApiPropertyOptional({ description: 'null is a value (none; clears a custom field)' }) nullable?: boolean;
  @ApiPropertyOptional({ description: 'What the id names: group, form' }) refers?: string;
  @ApiPropertyOptional({ type: () => [ValueOptionView], description: OPTIONS_DOC }) options?: ValueOptionView[];
  @ApiPropertyOptional({ description: 'A custom field’s label (`field.<key>` actions)' }) label?: string;
  @ApiPropertyOptional({ enum: FIELD_TYPES, description: 'A custom field’s own type (`field.<key>` actions)' })
  fieldType?: string;
}

class OperatorDefinitionView {
  @ApiProperty({ enum: OPERATORS }) name!: string;
  @ApiProperty() description!: string;
}

/** What the rule editor offers: fields (custom ones included), operators, actions, placeholders. */
export class RuleDefinitionsView {
  @ApiProperty({ type: () => [FieldDefinitionView] }) fields!: FieldDefinitionView[];
  @ApiProperty({ type: () => [OperatorDefinitionView] }) operators!: OperatorDefinitionView[];
  @ApiProperty({ type: () => [ActionDefinitionView] }) actions!: ActionDefinitionView[];
  @ApiProperty({ type: [String] }) placeholders!: string[];
}
