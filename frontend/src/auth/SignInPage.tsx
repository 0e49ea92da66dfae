import { Alert, Button, Center, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { ME_KEY, signIn } from './session';

/** Only same-site paths: never bounce to another origin after sign-in. */
const safeReturnPath = (from: string | null) =>
  from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await signIn(email, password);
      qc.setQueryData(ME_KEY, user);
      navigate(safeReturnPath(params.get('from')), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? en.auth.wrong : (err as Error).message);
    } finally {
      setBusy(false);
    }
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
