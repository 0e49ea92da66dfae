import { Button, Group, PasswordInput, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { useChangePassword } from '../auth/auth.api';
import { en } from '../i18n/en';

/** One's own password: the current one and a new one (the other sessions end). */
export function PasswordSection() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const change = useChangePassword(() => {
    setCurrent('');
    setNew('');
    notifications.show({ message: en.account.passwordChanged });
  });
  const fields = change.error instanceof ApiError ? change.error.fields : undefined;
  // The API's 401 names the field ("is wrong"); said in a sentence of its own on that field.
  const wrongCurrent = change.error instanceof ApiError && change.error.status === 401;
  const other = change.error && !fields ? change.error.message : undefined;
  return (
    <Stack
      gap="sm"
      component="form"
      onSubmit={(e) => (e.preventDefault(), change.mutate({ currentPassword, newPassword }))}
    >
      <Title order={2} size="h4">
        {en.account.passwordTitle}
      </Title>
      <PasswordInput
        label={en.account.currentPassword}
        autoComplete="current-password"
        required
        error={wrongCurrent ? en.account.wrongCurrentPassword : (fields?.currentPassword?.join(', ') ?? other)}
        value={currentPassword}
        onChange={(e) => setCurrent(e.currentTarget.value)}
      />
      <PasswordInput
        label={en.account.newPassword}
        autoComplete="new-password"
        required
        minLength={10}
        error={fields?.newPassword?.join(', ')}
        value={newPassword}
        onChange={(e) => setNew(e.currentTarget.value)}
      />
      <Group>
        <Button type="submit" size="xs" loading={change.isPending}>
          {en.account.changePassword}
        </Button>
      </Group>
    </Stack>
  );
}
