import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { useSignIn } from './auth.api';

/** Only same-site paths: never bounce to another origin after sign-in. */
const safeReturnPath = (from: string | null) =>
  from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const busy = signIn.isPending;
  const error =
    signIn.error instanceof ApiError && signIn.error.status === 401 ? en.auth.wrong : (signIn.error?.message ?? null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate(
      { email, password },
      { onSuccess: () => navigate(safeReturnPath(params.get('from')), { replace: true }) },
    );
  };

  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380} maw="100%">
        <form onSubmit={submit} aria-labelledby="signin-title">
          <Stack>
            <Title order={1} size="h3" id="signin-title">
              {en.auth.title}
            </Title>
            {params.get('expired') && !error && <Alert color="yellow">{en.auth.expired}</Alert>}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <TextInput
              label={en.auth.email}
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label={en.auth.password}
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy}>
              {en.auth.signIn}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
