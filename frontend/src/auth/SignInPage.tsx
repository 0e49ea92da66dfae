import { Alert, Button, Center, Divider, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, get } from '../api/client';
import type { Page, PublicSsoProvider } from '../api/types';
import { en } from '../i18n/en';
import { ME_KEY, SessionUser, signIn, signInWithCode } from './session';

/** Only same-site paths: never bounce to another origin after sign-in. */
const safeReturnPath = (from: string | null) =>
  from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';

/** "Sign in with <name>" for each single sign-on provider; a plain link, the server redirects. */
function SsoButtons({ returnTo }: { returnTo: string }) {
  const providers = useQuery({
    queryKey: ['auth', 'providers'],
    queryFn: () => get<Page<PublicSsoProvider>>('/api/v1/auth/providers/public'),
    retry: false,
  });
  const items = providers.data?.items ?? [];
  if (!items.length) return null;
  return (
    <Stack gap="xs">
      {items.map((p) => (
        <Button
          key={p.id}
          component="a"
          variant={p.enforced ? 'filled' : 'default'}
          href={`${p.startUrl}?${new URLSearchParams({ returnTo })}`}
        >
          {en.auth.ssoWith(p.name)}
        </Button>
      ))}
      <Divider label={en.auth.ssoOr} labelPosition="center" />
    </Stack>
  );
}

export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const returnTo = safeReturnPath(params.get('from'));

  const done = (user: SessionUser) => {
    qc.setQueryData(ME_KEY, user);
    navigate(returnTo, { replace: true });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (challenge) {
        done(await signInWithCode(challenge, code.trim()));
      } else {
        const result = await signIn(email, password);
        if ('challenge' in result) setChallenge(result.challenge);
        else done(result.user);
      }
    } catch (err) {
      const wrong = err instanceof ApiError && err.status === 401;
      setError(wrong ? (challenge ? en.auth.wrongCode : en.auth.wrong) : (err as Error).message);
      // An expired or spent challenge: back to the password.
      if (challenge && wrong && /expired/.test((err as Error).message)) setChallenge(null);
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
              {challenge ? en.auth.codeTitle : en.auth.title}
            </Title>
            {params.get('expired') && !error && !challenge && <Alert color="yellow">{en.auth.expired}</Alert>}
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            {challenge ? (
              <>
                <Text size="sm">{en.auth.codeHelp}</Text>
                <TextInput
                  label={en.auth.code}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  required
                  autoFocus
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                />
                <Button type="submit" loading={busy}>
                  {en.auth.verify}
                </Button>
                <Button variant="subtle" onClick={() => setChallenge(null)}>
                  {en.auth.back}
                </Button>
              </>
            ) : (
              <>
                <SsoButtons returnTo={returnTo} />
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
              </>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
