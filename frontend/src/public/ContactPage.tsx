import {
  Alert,
  Anchor,
  Button,
  Container,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { ContactFieldInput, type ContactFieldDraft, contactFieldValues } from './ContactFields';
import { useContactRequest, usePublicForms } from './public.api';

/**
 * The public "contact support" form: creates a ticket like an email would. When ticket forms
 * are offered to customers, the customer may pick one and fill in its fields.
 */
export default function ContactPage() {
  const [form, setForm] = useState({ name: '', email: '', subject: '', message: '', website: '' });
  const [formId, setFormId] = useState<number | null>(null);
  const [values, setValues] = useState<Record<string, ContactFieldDraft>>({});
  const contact = useContactRequest();
  const offered = usePublicForms().data ?? [];
  const chosen = offered.find((f) => f.id === formId);
  const refused = (key: string) =>
    contact.error instanceof ApiError ? contact.error.fields?.[`fields.${key}`]?.join('; ') : undefined;
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
    contact.mutate(chosen ? { ...form, formId: chosen.id, fields: contactFieldValues(chosen.fields, values) } : form);
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
              {offered.length > 0 && (
                <Select
                  label={en.contact.form}
                  allowDeselect={false}
                  data={[
                    { value: 'none', label: en.contact.otherForm },
                    ...offered.map((f) => ({ value: String(f.id), label: f.name })),
                  ]}
                  value={chosen ? String(chosen.id) : 'none'}
                  onChange={(v) => setFormId(v && v !== 'none' ? Number(v) : null)}
                  description={chosen?.description || undefined}
                />
              )}
              <TextInput label={en.contact.subject} required value={form.subject} onChange={set('subject')} />
              <Textarea
                label={en.contact.message}
                required
                autosize
                minRows={6}
                value={form.message}
                onChange={set('message')}
              />
              {chosen?.fields.map((f) => (
                <ContactFieldInput
                  key={f.key}
                  field={f}
                  value={values[f.key]}
                  error={refused(f.key)}
                  onChange={(v) => setValues((all) => ({ ...all, [f.key]: v }))}
                />
              ))}
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
