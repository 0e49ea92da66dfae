import { Button, Code, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { MailTemplate } from '../api/types';
import { en } from '../i18n/en';
import { useMailTemplates, useSaveMailTemplate } from './api/mail-templates';
import { Section } from './shared';

/** The automatic mails (acknowledgement, notifications), each with the placeholders it may use. */
export function TemplatesAdmin() {
  const templates = useMailTemplates();
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
  const save = useSaveMailTemplate(template.key);
  return (
    <Paper withBorder p="sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ subject, body });
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
