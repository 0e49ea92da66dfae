import { Button, Group, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useUpdateProfile } from '../auth/auth.api';
import type { User } from '../api/types';
import { en } from '../i18n/en';

/** One's name (as others and customers see it), job title and own signature, which emailed replies carry (with the mailbox's). */
export function ProfileSection({ user }: { user: Pick<User, 'name' | 'title' | 'signature'> }) {
  const [name, setName] = useState(user.name);
  const [title, setTitle] = useState(user.title);
  const [signature, setSignature] = useState(user.signature);
  const save = useUpdateProfile(() => notifications.show({ message: en.account.profileSaved }));
  return (
    <Stack
      gap="sm"
      component="form"
      onSubmit={(e) => (e.preventDefault(), save.mutate({ name: name.trim(), title, signature }))}
    >
      <Title order={2} size="h4">
        {en.account.profile}
      </Title>
      <TextInput
        label={en.account.name}
        required
        autoComplete="name"
        value={name}
        onChange={(e) => setName(e.currentTarget.value)}
      />
      <TextInput label={en.account.jobTitle} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
      <Textarea
        label={en.account.signature}
        description={en.account.signatureHelp}
        rows={4}
        value={signature}
        onChange={(e) => setSignature(e.currentTarget.value)}
      />
      <Group>
        <Button type="submit" size="xs" loading={save.isPending}>
          {en.account.saveProfile}
        </Button>
      </Group>
    </Stack>
  );
}
