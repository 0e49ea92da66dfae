import { Alert, Anchor, Button, Container, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { useContactRequest } from './public.api';

/** The public "contact support" form: creates a ticket like an email would. */
export default function ContactPage() {
  const [form, setForm] = useState({ name: '', email: '', subject: '', message: '', website: '' });
  const contact = useContactRequest();
  const done = contact.data;
  const error =
    contact.error instanceof ApiError && contact.error.status === 429
      ? en.contact.tooMany(null)
      : (contact.error?.message ?? null);
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value; // read now: the event is gone when the updater runs
    setForm((f) => ({ ...f, [k]: value }));
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    contact.mutate(form);
  };

  return (
    <Container size={560} py="xl" component="main">
      <Paper withBorder p="xl" radius="md">
        <Title order={1} size="h2" mb="xs">
          {en.contact.title}
        </Title>
        {done ? (
          <Stack>
            <Alert color="teal" role="status" data-testid="contact-done">
              {done.ticketNumber ? en.contact.thanks(done.ticketNumber) : en.contact.intro}
            </Alert>
            {done.portalUrl && (
              <Anchor component={Link} to={new URL(done.portalUrl, window.location.origin).pathname}>
                {en.contact.follow}
              </Anchor>
            )}
          </Stack>
        ) : (
          <form onSubmit={submit}>
            <Stack>
              <Text c="dimmed">{en.contact.intro}</Text>
              {error && (
                <Alert color="red" role="alert">
                  {error}
                </Alert>
              )}
              <TextInput
                label={en.contact.name}
                required
                autoComplete="name"
                value={form.name}
                onChange={set('name')}
              />
              <TextInput
                label={en.contact.email}
                type="email"
                required
                autoComplete="email"
                value={form.email}
                onChange={set('email')}
              />
              <TextInput label={en.contact.subject} required value={form.subject} onChange={set('subject')} />
              <Textarea
                label={en.contact.message}
                required
                autosize
                minRows={6}
                value={form.message}
                onChange={set('message')}
              />
              {/* Honeypot: hidden from people (and from assistive technology), filled by bots. */}
              <div
                aria-hidden="true"
                style={{ position: 'absolute', left: '-10000px', width: 1, height: 1, overflow: 'hidden' }}
              >
                <label>
                  {en.contact.website}
                  <input
                    type="text"
                    name="website"
                    tabIndex={-1}
                    autoComplete="off"
                    value={form.website}
                    onChange={set('website')}
                  />
                </label>
              </div>
              <Button type="submit" loading={contact.isPending}>
                {en.contact.send}
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Container>
  );
}
