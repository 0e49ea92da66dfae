import {
  Alert,
  Anchor,
  Badge,
  Button,
  Container,
  Group,
  Loader,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
  useComputedColorScheme,
} from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { en } from '../i18n/en';
import { SandboxedHtml } from '../tickets/SandboxedHtml';
import { formatBytes, fullTime } from '../ui/format';
import { usePortalConversation, usePortalReply } from './public.api';

/** The customer's magic-link page: their ticket's public conversation and a reply box. */
export default function PortalPage() {
  const { token = '' } = useParams();
  const dark = useComputedColorScheme('light') === 'dark';
  const [body, setBody] = useState('');
  const ticket = usePortalConversation(token);
  const reply = usePortalReply(token);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim()) reply.mutate(body, { onSuccess: () => setBody('') });
  };

  if (ticket.isLoading) return <Loader m="xl" aria-label={en.app.loading} />;
  if (!ticket.data)
    return (
      <Container size={640} py="xl" component="main">
        <Alert color="red" role="alert">
          {en.portal.invalid}
        </Alert>
      </Container>
    );
  const { ticket: t, messages } = ticket.data;

  return (
    <Container size={720} py="xl" component="main">
      <Group justify="space-between" mb="md">
        <Title order={1} size="h2">
          {en.portal.title(t.number)}: {t.subject}
        </Title>
        <Badge variant="light">{en.status[t.status]}</Badge>
      </Group>
      <Stack gap="sm" data-testid="portal-conversation">
        {messages.map((m) => (
          <Paper
            key={m.id}
            withBorder
            p="sm"
            component="article"
            style={{ borderLeft: `4px solid var(--mantine-color-${m.author.kind === 'agent' ? 'teal-6' : 'gray-5'})` }}
          >
            <Group justify="space-between" mb={4}>
              <Text fw={600} size="sm">
                {m.author.kind === 'customer' ? en.portal.you : m.author.name || en.portal.support}
              </Text>
              <Text size="xs" c="dimmed" component="time" dateTime={m.createdAt}>
                {fullTime(m.createdAt)}
              </Text>
            </Group>
            {m.bodyHtml ? (
              <SandboxedHtml html={m.bodyHtml} title={m.author.name} dark={dark} />
            ) : (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {m.bodyText}
              </Text>
            )}
            {m.attachments.length > 0 && (
              <Group
                component="ul"
                aria-label={en.portal.files}
                gap="md"
                mt="xs"
                mb={0}
                p={0}
                style={{ listStyle: 'none' }}
              >
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <Anchor href={a.url} size="sm">
                      {a.filename}
                    </Anchor>{' '}
                    <Text span size="xs" c="dimmed">
                      {formatBytes(a.size)}
                    </Text>
                  </li>
                ))}
              </Group>
            )}
          </Paper>
        ))}
      </Stack>
      <form onSubmit={submit}>
        <Stack mt="lg">
          {reply.isSuccess && (
            <Alert color="teal" role="status">
              {en.portal.sent}
            </Alert>
          )}
          {reply.isError && (
            <Alert color="red" role="alert">
              {(reply.error as Error).message}
            </Alert>
          )}
          <Textarea
            label={en.portal.reply}
            autosize
            minRows={4}
            value={body}
            onChange={(e) => setBody(e.currentTarget.value)}
            required
          />
          <Group justify="flex-end">
            <Button type="submit" loading={reply.isPending}>
              {en.portal.send}
            </Button>
          </Group>
        </Stack>
      </form>
    </Container>
  );
}
