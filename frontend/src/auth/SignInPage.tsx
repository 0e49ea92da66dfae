import {
  Alert,
  Anchor,
  Button,
  Center,
  Divider,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { FormEvent, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client';
import { en } from '../i18n/en';
import { ssoStartHref, usePublicSsoProviders, useSignIn, useSignInWithCode } from './auth.api';

/** Only same-site paths: never bounce to another origin after sign-in. */
const safeReturnPath = (from: string | null) =>
  from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/login') ? from : '/';

/** "Sign in with <name>" for each single sign-on provider; a plain link, the server redirects. */
function SsoButtons({ returnTo }: { returnTo: string }) {
  const providers = usePublicSsoProviders().data ?? [];
  if (!providers.length) return null;
  return (
    <Stack gap="xs">
      {providers.map((p) => (
        <Button key={p.id} component="a" variant={p.enforced ? 'filled' : 'default'} href={ssoStartHref(p, returnTo)}>
          {en.auth.ssoWith(p.name)}
        </Button>
      ))}
      <Divider label={en.auth.ssoOr} labelPosition="center" />
    </Stack>
  );
}

/** An expired or spent challenge (401 saying so): the password step again, with the API's words. */
const challengeExpired = (e: Error | null) => e instanceof ApiError && e.status === 401 && /expired/.test(e.message);

/** A refused password or code (401) in the form's words; anything else as the API says it. */
const problem = (e: Error | null, wrong: string) =>
  !e ? null : e instanceof ApiError && e.status === 401 && !challengeExpired(e) ? wrong : e.message;

/** Password sign-in, then (two-factor on) the code step; single sign-on buttons above the form. */
export function SignInPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signIn = useSignIn();
  const signInWithCode = useSignInWithCode();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const returnTo = safeReturnPath(params.get('from'));
  const done = () => navigate(returnTo, { replace: true });
  const busy = signIn.isPending || signInWithCode.isPending;
  const error = challenge
    ? problem(signInWithCode.error, en.auth.wrongCode)
    : (problem(signIn.error, en.auth.wrong) ?? problem(signInWithCode.error, en.auth.wrongCode));

  const backToPassword = () => {
    setChallenge(null);
    setCode('');
    signInWithCode.reset();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signInWithCode.reset();
    if (challenge) {
      signInWithCode.mutate(
        { challenge, code: code.trim() },
        {
          onSuccess: done,
          // An expired or spent challenge: back to the password, saying why.
          onError: (err) => {
            if (!challengeExpired(err)) return;
            setChallenge(null);
            setCode('');
            signIn.reset();
          },
        },
      );
    } else {
      signIn.mutate(
        { email, password },
        { onSuccess: (result) => ('challenge' in result ? setChallenge(result.challenge) : done()) },
      );
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
            {params.get('passwordSet') && !error && !challenge && (
              <Alert color="teal" role="status">
                {en.auth.setDone}
              </Alert>
            )}
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
                <Button variant="subtle" onClick={backToPassword}>
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
                <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
                  {en.auth.forgot}
                </Anchor>
              </>
            )}
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
