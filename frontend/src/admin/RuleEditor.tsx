import {
  ActionIcon,
  Button,
  Group,
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
const NO_VALUE = ['changed', 'not_changed'];

/** The choices an id field offers: groups or users by name (null: none). */
function useIdOptions(refers: string, nullable: boolean) {
  const groups = useGroups().data ?? [];
  const users = useUsers().data ?? [];
  const list =
    refers === 'group'
      ? groups.map((g) => ({ value: String(g.id), label: g.name }))
      : refers === 'user'
        ? users.map((u) => ({ value: String(u.id), label: u.name }))
        : null;
  return list && nullable ? [{ value: 'null', label: '— none —' }, ...list] : list;
}

/** A value picker typed by the field: a list of values, names for ids, numbers, tags, text. */
export function ValuePicker({
  def,
  value,
  onChange,
  label,
}: {
  def: Pick<FieldDef, 'type' | 'values' | 'nullable' | 'refers'>;
  value: unknown;
  onChange: (v: unknown) => void;
  label: string;
}) {
  const ids = useIdOptions(def.refers, def.nullable);
  if (def.type === 'enum')
    return (
      <Select
        size="xs"
        aria-label={label}
        data={[...(def.nullable ? ['null'] : []), ...(def.values ?? [])]}
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
    return <NumberInput size="xs" aria-label={label} value={value as number} onChange={(v) => onChange(Number(v))} />;
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
        data={defs.fields.map((f) => f.name)}
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

const ACTION_TYPES: Record<string, Pick<FieldDef, 'type' | 'values' | 'nullable' | 'refers'>> = {
  status: { type: 'enum', values: ['open', 'pending', 'on_hold', 'solved', 'closed'], nullable: false, refers: '' },
  priority: { type: 'enum', values: ['low', 'normal', 'high', 'urgent'], nullable: false, refers: '' },
  groupId: { type: 'id', values: null, nullable: true, refers: 'group' },
  tags: { type: 'list', values: null, nullable: false, refers: '' },
  add_tags: { type: 'list', values: null, nullable: false, refers: '' },
  remove_tags: { type: 'list', values: null, nullable: false, refers: '' },
  add_followers: { type: 'list', values: null, nullable: false, refers: '' },
  formId: { type: 'number', values: null, nullable: true, refers: '' },
};

/** One action row: what it does, and its value (a person, round-robin, an email, a webhook…). */
function ActionRow({
  a,
  actions,
  onChange,
  onRemove,
}: {
  a: ActionView;
  actions: string[];
  onChange: (a: ActionView) => void;
  onRemove: () => void;
}) {
  const users = useUsers().data ?? [];
  const webhooks = useWebhooks().data ?? [];
  const email = (a.value ?? {}) as { to?: string; subject?: string; body?: string };
  const value = () => {
    if (ACTION_TYPES[a.field])
      return (
        <ValuePicker
          label={en.rules.value}
          def={ACTION_TYPES[a.field]}
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
        w={160}
        aria-label={en.rules.field}
        data={actions}
        value={a.field}
        onChange={(f) => f && onChange({ field: f, value: f === 'spam' ? true : undefined })}
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
  const actions = defs.actions.filter((a) => a.kinds.includes(kind)).map((a) => a.name);
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
