import { Alert, Anchor, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { FormEvent, ReactNode, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { en } from '../i18n/en';
import { useRequestPasswordReset, useSetPasswordWithLink } from './auth.api';

/** The sign-in page's frame: a small card in the middle. */
function Card({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={380} maw="100%">
        <Stack>
          <Title order={1} size="h3">
            {title}
          </Title>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}

const BackToSignIn = () => (
  <Anchor component={Link} to="/login" size="sm">
    {en.auth.backToSignIn}
  </Anchor>
);

/** "Forgot password": asks for the address, then says the same whatever the answer would reveal. */
export function ForgotPasswordPage() {
  const [email, setEmail] = useState('');
  const request = useRequestPasswordReset();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    request.mutate(email.trim());
  };
  return (
    <Card title={en.auth.forgotTitle}>
      {request.isSuccess ? (
        <Alert color="teal" role="status">
          {en.auth.forgotSent}
        </Alert>
      ) : (
        <Stack component="form" onSubmit={submit}>
          <Text size="sm">{en.auth.forgotHelp}</Text>
          {request.error && (
            <Alert color="red" role="alert">
              {request.error.message}
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
          <Button type="submit" loading={request.isPending}>
            {en.auth.forgotSend}
          </Button>
        </Stack>
      )}
      <BackToSignIn />
    </Card>
  );
}

/**
 * The page a set-password link opens (`/reset-password?token=…`, for resets and
 * invitations): the new password twice; an expired, used or replaced link is said in the
 * API's words, with a way to ask for a new one. Done, it goes to sign-in.
 */
export function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const set = useSetPasswordWithLink();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) return setMismatch(true);
    setMismatch(false);
    set.mutate({ token, password }, { onSuccess: () => navigate('/login?passwordSet=1', { replace: true }) });
  };
  if (!token)
    return (
      <Card title={en.auth.setTitle}>
        <Alert color="red" role="alert">
          {en.auth.noToken}
        </Alert>
        <Anchor component={Link} to="/forgot-password" size="sm">
          {en.auth.newLink}
        </Anchor>
      </Card>
    );
  return (
    <Card title={en.auth.setTitle}>
      {set.error && (
        <Alert color="red" role="alert">
          {set.error.message}{' '}
          <Anchor component={Link} to="/forgot-password" size="sm">
            {en.auth.newLink}
          </Anchor>
        </Alert>
      )}
      <Stack component="form" onSubmit={submit}>
        <PasswordInput
          label={en.auth.newPassword}
          description={en.auth.setHelp}
          autoComplete="new-password"
          required
          minLength={10}
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
        />
        <PasswordInput
          label={en.auth.repeatPassword}
          autoComplete="new-password"
          required
          minLength={10}
          error={mismatch ? en.auth.mismatch : undefined}
          value={repeat}
          onChange={(e) => setRepeat(e.currentTarget.value)}
        />
        <Button type="submit" loading={set.isPending}>
          {en.auth.setSave}
        </Button>
      </Stack>
      <BackToSignIn />
    </Card>
  );
}
