import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useGroups, useUsers } from '../api/directory';
import type { ActionView, ConditionView, RuleDefinitionsView } from '../api/openapi.gen';
import { en } from '../i18n/en';
import { useWebhooks } from './api/rules';

type FieldDef = RuleDefinitionsView['fields'][number];
type ActionDef = RuleDefinitionsView['actions'][number];
/** What a value picker needs: the value's type and, from the catalog, its choices and a custom field's own type. */
type ValueDef = Pick<FieldDef, 'type' | 'values' | 'nullable' | 'refers'> &
  Partial<Pick<FieldDef, 'options' | 'fieldType'>>;
const NO_VALUE = ['changed', 'not_changed'];
const NONE = { value: 'null', label: '— none —' };

/** A field or action as its select lists it: a custom field by its label. */
const choice = (d: { name: string; label?: string }) => ({
  value: d.name,
  label: d.label ? `${d.label} (${d.name})` : d.name,
});

/** The choices an id field offers: groups or users by name, forms from the catalog (null: none). */
function useIdOptions(def: ValueDef) {
  const groups = useGroups().data ?? [];
  const users = useUsers().data ?? [];
  const list = def.options
    ? def.options
    : def.refers === 'group'
      ? groups.map((g) => ({ value: String(g.id), label: g.name }))
      : def.refers === 'user'
        ? users.map((u) => ({ value: String(u.id), label: u.name }))
        : null;
  return list && def.nullable ? [NONE, ...list] : list;
}

/**
 * A value picker typed by the field: a list of values (labelled options of a custom
 * field), names for ids (forms from the catalog), numbers, dates, tags, text.
 */
export function ValuePicker({
  def,
  value,
  onChange,
  label,
}: {
  def: ValueDef;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
}) {
  const ids = useIdOptions(def);
  if (def.type === 'enum')
    return (
      <Select
        size="xs"
        aria-label={label}
        data={
          def.options
            ? [...(def.nullable ? [NONE] : []), ...def.options]
            : [...(def.nullable ? ['null'] : []), ...(def.values ?? [])]
        }
        value={value === null ? 'null' : ((value as string) ?? null)}
        onChange={(v) => onChange(v === 'null' ? null : v)}
      />
    );
  if (def.type === 'id' && ids)
    return (
      <Select
        size="xs"
        aria-label={label}
        searchable
        data={ids}
        value={value === null ? 'null' : value === undefined ? null : String(value)}
        onChange={(v) => onChange(v === 'null' ? null : Number(v))}
      />
    );
  if (def.type === 'id' || def.type === 'number')
    return (
      <NumberInput
        size="xs"
        aria-label={label}
        allowDecimal={def.fieldType !== 'number' && def.type !== 'id'}
        value={value as number}
        onChange={(v) => onChange(Number(v))}
      />
    );
  if (def.type === 'list' && def.options)
    return (
      <MultiSelect
        size="xs"
        aria-label={label}
        data={def.options}
        value={(value as string[]) ?? []}
        onChange={(v) => onChange(v)}
      />
    );
  if (def.type === 'list')
    return (
      <TagsInput
        size="xs"
        aria-label={label}
        data={def.values ?? []}
        value={(value as string[]) ?? []}
        onChange={(v) => onChange(v)}
      />
    );
  if (def.type === 'boolean')
    return <Switch aria-label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
  if (def.type === 'date')
    return (
      <TextInput
        size="xs"
        type="date"
        aria-label={label}
        value={(value as string) ?? ''}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  if (def.fieldType === 'textarea')
    return (
      <Textarea
        size="xs"
        aria-label={label}
        autosize
        value={(value as string) ?? ''}
        onChange={(e) => onChange(e.currentTarget.value)}
      />
    );
  return (
    <TextInput
      size="xs"
      aria-label={label}
      value={(value as string) ?? ''}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}

/** One condition row: field, then the operators it takes, then a value picker of its type. */
function ConditionRow({
  defs,
  c,
  onChange,
  onRemove,
}: {
  defs: RuleDefinitionsView;
  c: ConditionView;
  onChange: (c: ConditionView) => void;
  onRemove: () => void;
}) {
  const def = defs.fields.find((f) => f.name === c.field);
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" data-testid="condition-row">
      <Select
        size="xs"
        w={200}
        aria-label={en.rules.field}
        searchable
        data={defs.fields.map(choice)}
        value={c.field}
        onChange={(f) => {
          const next = defs.fields.find((x) => x.name === f);
          if (next)
            onChange({ field: next.name, operator: next.operators[0] as ConditionView['operator'], value: undefined });
        }}
      />
      <Select
        size="xs"
        w={140}
        aria-label={en.rules.operator}
        data={def?.operators ?? []}
        value={c.operator}
        onChange={(o) => o && onChange({ ...c, operator: o as ConditionView['operator'] })}
      />
      {def && !NO_VALUE.includes(c.operator) && (
        <div style={{ flex: 1 }}>
          <ValuePicker
            label={en.rules.value}
            def={['includes', 'not_includes'].includes(c.operator) ? { ...def, type: 'list' } : def}
            value={c.value}
            onChange={(value) => onChange({ ...c, value: value as ConditionView['value'] })}
          />
        </div>
      )}
      <ActionIcon variant="subtle" color="red" aria-label={en.rules.remove} onClick={onRemove}>
        ×
      </ActionIcon>
    </Group>
  );
}

/** Value types of actions the catalog does not type (followers); the catalog's own types come first. */
const ACTION_TYPES: Record<string, ValueDef> = {
  status: { type: 'enum', values: ['open', 'pending', 'on_hold', 'solved', 'closed'], nullable: false, refers: '' },
  priority: { type: 'enum', values: ['low', 'normal', 'high', 'urgent'], nullable: false, refers: '' },
  groupId: { type: 'id', values: null, nullable: true, refers: 'group' },
  tags: { type: 'list', values: null, nullable: false, refers: '' },
  add_tags: { type: 'list', values: null, nullable: false, refers: '' },
  remove_tags: { type: 'list', values: null, nullable: false, refers: '' },
  add_followers: { type: 'list', values: null, nullable: false, refers: '' },
  formId: { type: 'number', values: null, nullable: true, refers: '' },
};

/** An action's value type as the catalog gives it (forms and custom fields with their choices), else the built-in one. */
function actionValue(def: ActionDef | undefined, field: string): ValueDef | undefined {
  if (def?.type)
    return {
      type: def.type,
      values: def.values ?? null,
      nullable: def.nullable ?? false,
      refers: def.refers ?? '',
      options: def.options,
      fieldType: def.fieldType,
    };
  return ACTION_TYPES[field];
}

/** One action row: what it does, and its value (a person, round-robin, a form, a custom field's value, an email…). */
function ActionRow({
  a,
  actions,
  onChange,
  onRemove,
}: {
  a: ActionView;
  actions: ActionDef[];
  onChange: (a: ActionView) => void;
  onRemove: () => void;
}) {
  const typed = actionValue(
    actions.find((d) => d.name === a.field),
    a.field,
  );
  const users = useUsers().data ?? [];
  const webhooks = useWebhooks().data ?? [];
  const email = (a.value ?? {}) as { to?: string; subject?: string; body?: string };
  const value = () => {
    if (typed)
      return (
        <ValuePicker
          label={en.rules.value}
          def={typed}
          value={a.value}
          onChange={(v) => onChange({ ...a, value: v as ActionView['value'] })}
        />
      );
    switch (a.field) {
      case 'assigneeId':
        return (
          <Select
            size="xs"
            aria-label={en.rules.value}
            searchable
            data={[
              { value: 'round_robin', label: 'Round-robin in the group' },
              { value: 'current_agent', label: 'The current agent' },
              { value: 'null', label: '— nobody —' },
              ...users.map((u) => ({ value: String(u.id), label: u.name })),
            ]}
            value={a.value === null ? 'null' : a.value === undefined ? null : String(a.value)}
            onChange={(v) =>
              onChange({
                ...a,
                value: v === 'null' ? null : v === 'round_robin' || v === 'current_agent' ? v : Number(v),
              })
            }
          />
        );
      case 'note':
        return (
          <Textarea
            size="xs"
            aria-label={en.rules.value}
            autosize
            value={(a.value as string) ?? ''}
            onChange={(e) => onChange({ ...a, value: e.currentTarget.value })}
          />
        );
      case 'email':
        return (
          <Stack gap={4}>
            <TextInput
              size="xs"
              aria-label="To"
              placeholder="requester, assignee, group or an address"
              value={email.to ?? ''}
              onChange={(e) => onChange({ ...a, value: { ...email, to: e.currentTarget.value } })}
            />
            <TextInput
              size="xs"
              aria-label="Subject"
              placeholder="Subject"
              value={email.subject ?? ''}
              onChange={(e) => onChange({ ...a, value: { ...email, subject: e.currentTarget.value } })}
            />
            <Textarea
              size="xs"
              aria-label="Body"
              placeholder="Body"
              autosize
              value={email.body ?? ''}
              onChange={(e) => onChange({ ...a, value: { ...email, body: e.currentTarget.value } })}
            />
          </Stack>
        );
      case 'webhook':
        return (
          <Select
            size="xs"
            aria-label={en.rules.value}
            data={webhooks.map((w) => ({ value: String(w.id), label: w.name }))}
            value={a.value === undefined ? null : String(a.value)}
            onChange={(v) => onChange({ ...a, value: Number(v) })}
          />
        );
      case 'spam':
        return <Text size="xs">closes it without a reply</Text>;
      default:
        return (
          <TextInput
            size="xs"
            aria-label={en.rules.value}
            value={String(a.value ?? '')}
            onChange={(e) => onChange({ ...a, value: e.currentTarget.value })}
          />
        );
    }
  };
  return (
    <Group gap={6} wrap="nowrap" align="flex-start" data-testid="action-row">
      <Select
        size="xs"
        w={200}
        searchable
        aria-label={en.rules.field}
        data={actions.map(choice)}
        value={a.field}
        onChange={(f) =>
          f &&
          onChange({
            field: f,
            // A checkbox field's action checks it unless unticked; spam has no other value.
            value:
              f === 'spam' ||
              actionValue(
                actions.find((d) => d.name === f),
                f,
              )?.type === 'boolean'
                ? true
                : undefined,
          })
        }
      />
      <div style={{ flex: 1 }}>{value()}</div>
      <ActionIcon variant="subtle" color="red" aria-label={en.rules.remove} onClick={onRemove}>
        ×
      </ActionIcon>
    </Group>
  );
}

/** Condition groups (all / any) for triggers and automations. */
export function ConditionsEditor({
  defs,
  kind,
  value,
  onChange,
}: {
  defs: RuleDefinitionsView;
  kind: 'trigger' | 'automation';
  value: { all: ConditionView[]; any: ConditionView[] };
  onChange: (v: { all: ConditionView[]; any: ConditionView[] }) => void;
}) {
  const usable = { ...defs, fields: defs.fields.filter((f) => kind === 'trigger' || !f.triggerOnly) };
  return (
    <>
      {(['all', 'any'] as const).map((group) => (
        <Stack gap={4} key={group}>
          <Text size="sm" fw={600}>
            {group === 'all' ? en.rules.all : en.rules.any}
          </Text>
          {value[group].map((c, i) => (
            <ConditionRow
              key={i}
              defs={usable}
              c={c}
              onChange={(next) => onChange({ ...value, [group]: value[group].map((x, j) => (j === i ? next : x)) })}
              onRemove={() => onChange({ ...value, [group]: value[group].filter((_, j) => j !== i) })}
            />
          ))}
          <Button
            size="compact-xs"
            variant="subtle"
            w="fit-content"
            onClick={() =>
              onChange({ ...value, [group]: [...value[group], { field: 'status', operator: 'is', value: 'open' }] })
            }
          >
            {en.rules.addCondition}
          </Button>
        </Stack>
      ))}
    </>
  );
}

/** The action list of a trigger, an automation or a macro (macros offer no mail and no webhooks). */
export function ActionsEditor({
  defs,
  kind,
  value,
  onChange,
}: {
  defs: RuleDefinitionsView;
  kind: 'trigger' | 'automation' | 'macro';
  value: ActionView[];
  onChange: (v: ActionView[]) => void;
}) {
  const actions = defs.actions.filter((a) => a.kinds.includes(kind));
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {en.rules.actions}
      </Text>
      {value.map((a, i) => (
        <ActionRow
          key={i}
          a={a}
          actions={actions}
          onChange={(next) => onChange(value.map((x, j) => (j === i ? next : x)))}
          onRemove={() => onChange(value.filter((_, j) => j !== i))}
        />
      ))}
      <Button
        size="compact-xs"
        variant="subtle"
        w="fit-content"
        onClick={() => onChange([...value, { field: 'add_tags', value: [] }])}
      >
        {en.rules.addAction}
      </Button>
    </Stack>
  );
}
