import { Alert, Anchor, Badge, Group, List, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { en } from '../i18n/en';
import { useSetupChecklist } from './api/setup';

/** Where each step is fixed in the admin area. */
const FIX_AT: Record<string, string> = {
  mailbox: '/admin/mailboxes',
  outgoing: '/admin/relay',
  dns: '/admin/mailboxes',
  licence: '/admin/licence',
};
const STATUS_COLOR: Record<string, string> = {
  done: 'teal',
  todo: 'gray',
  failing: 'red',
  warning: 'orange',
  unknown: 'yellow',
};

/**
 * The admins' setup checklist, shown above the admin area until the help desk can receive and
 * answer mail (every required step done): each step with its state, what is wrong and a link to fix it.
 */
export function SetupChecklist() {
  const setup = useSetupChecklist();
  const s = setup.data;
  if (!s || s.ready) return null;
  const dnsProblems = s.domains.flatMap((d) =>
    (['mx', 'spf', 'dkim', 'dmarc'] as const)
      .filter((r) => d[r].result === 'unknown')
      .map((r) => en.setup.dnsRecord(d.domain, r.toUpperCase(), d[r].detail ?? '')),
  );
  return (
    <Alert color="orange" mb="md" title={en.setup.title} data-testid="setup-checklist">
      <Stack gap={6}>
        <Text size="sm">{en.setup.intro}</Text>
        <List spacing={4} listStyleType="none" p={0}>
          {s.steps.map((step) => (
            <List.Item key={step.key} data-testid={`setup-step-${step.key}`}>
              <Group gap="xs" wrap="nowrap" align="baseline">
                <Badge color={STATUS_COLOR[step.status]} variant="light" miw={90}>
                  {en.setup.status[step.status]}
                </Badge>
                <Text size="sm" fw={500}>
                  {en.setup.steps[step.key]}
                  {!step.required && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({en.setup.optional})
                    </Text>
                  )}
                </Text>
                {step.status !== 'done' && (
                  <Anchor component={Link} to={FIX_AT[step.key]} size="sm">
                    {en.setup.fix}
                  </Anchor>
                )}
              </Group>
              {step.detail && step.status !== 'done' && (
                <Text size="xs" c="dimmed" ml={98}>
                  {step.detail}
                </Text>
              )}
              {step.key === 'dns' &&
                dnsProblems.map((p) => (
                  <Text key={p} size="xs" c="dimmed" ml={98}>
                    {p}
                  </Text>
                ))}
            </List.Item>
          ))}
        </List>
      </Stack>
    </Alert>
  );
}
