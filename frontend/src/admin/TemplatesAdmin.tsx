import {
  Alert,
  Button,
  Code,
  Group,
  Modal,
  Paper,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import type { MailTemplate } from '../api/types';
import { en } from '../i18n/en';
import { useMailTemplates, usePreviewMailTemplate, useSaveMailTemplate } from './api/mail-templates';
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

/** One template: its wording, a switch to stop sending it, and a preview with sample values. */
function TemplateForm({ template }: { template: MailTemplate }) {
  const [subject, setSubject] = useState(template.subject);
  const [body, setBody] = useState(template.body);
  const save = useSaveMailTemplate(template.key);
  const preview = usePreviewMailTemplate(template.key);
  const [previewOpen, setPreviewOpen] = useState(false);
  return (
    <Paper withBorder p="sm" data-testid={`template-${template.key}`}>
      <Modal
        opened={previewOpen && !!preview.data}
        onClose={() => setPreviewOpen(false)}
        title={en.admin.previewTitle(template.key)}
        size="lg"
      >
        {preview.data && (
          <Stack gap="xs">
            <Text fw={600}>{preview.data.subject}</Text>
            {/* The text part as the recipient reads it (the HTML part is the same text, escaped). */}
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="template-preview-text">
              {preview.data.text}
            </Text>
          </Stack>
        )}
      </Modal>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ subject, body });
        }}
      >
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3} size="h6">
              {template.key}
            </Title>
            <Switch
              label={en.admin.templateEnabled}
              checked={template.enabled}
              disabled={save.isPending}
              onChange={(e) => save.mutate({ enabled: e.currentTarget.checked })}
            />
          </Group>
          {!template.enabled && (
            <Alert color="yellow" p="xs">
              {en.admin.templateOff}
            </Alert>
          )}
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
          {preview.error && (
            <Text size="xs" c="red" role="alert">
              {preview.error.message}
            </Text>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {en.admin.placeholders}:{' '}
              {template.placeholders.map((p) => (
                <Code key={p}>{`{{${p}}}`}</Code>
              ))}
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="default"
                loading={preview.isPending}
                onClick={() => preview.mutate({ subject, body }, { onSuccess: () => setPreviewOpen(true) })}
              >
                {en.admin.preview}
              </Button>
              <Button type="submit" size="xs" loading={save.isPending}>
                {en.admin.save}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
