import { Button, Code, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, put } from '../api/client';
import type { MailTemplate } from '../api/types';
import { en } from '../i18n/en';
import { Section, useAdminMutation } from './shared';

const KEY = ['admin', 'mail-templates'];

/** The automatic mails (acknowledgement, notifications), each with the placeholders it may use. */
export function TemplatesAdmin() {
  const templates = useQuery({
    queryKey: KEY,
    queryFn: () => get<MailTemplate[]>('/api/v1/mail-templates'),
    retry: false,
  });
  return (
    <Section title={en.admin.sections.templates} query={templates}>
      <Stack>
        {templates.data?.map((t) => (
          <TemplateForm key={t.key} template={t} />
        ))}
      </Stack>
    </Section>
  );
}

function TemplateForm({ template }: { template: MailTemplate }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const save = useAdminMutation(() => put(`/api/v1/mail-templates/${template.key}`, { subject, body }), KEY);
  return (
    <Paper withBorder p="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(undefined);
        }}
      >
        <Stack gap="xs">
          <Title order={3} size="h6">
            {template.key}
          </Title>
          <TextInput
            label={en.admin.subject}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            required
          />
          <Textarea
            label={en.admin.body}
            autosize
            minRows={4}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            required
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {en.admin.placeholders}:{' '}
              {template.placeholders.map((p) => (
                <Code key={p}>{`{{${p}}}`}</Code>
              ))}
            </Text>
            <Button type="submit" size="xs" loading={save.isPending}>
              {en.admin.save}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
