import {
  Alert,
  Button,
  Center,
  Code,
  Group,
  Paper,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { api, get, post } from '../api/client';
import type { TotpEnrolment, TotpStatus } from '../api/types';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { QrCode } from './QrCode';

const STATUS_KEY = ['auth', 'totp'];

/**
 * Setting up two-factor sign-in: a new key (as a QR code and as text), confirmed with a
 * code from the app, then the ten recovery codes, shown once. `required`: shown on its own
 * because the admins require it before anything else.
 */
export function EnrolTwoFactor({
  required = false,
  onDone,
  onSignOut,
}: {
  required?: boolean;
  onDone: () => void;
  onSignOut?: () => void;
}) {
  const [enrolment, setEnrolment] = useState<TotpEnrolment | null>(null);
  const [code, setCode] = useState('');
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const begin = useMutation({ mutationFn: () => post<TotpEnrolment>('/api/v1/auth/me/totp'), onSuccess: setEnrolment });
  const confirm = useMutation({
    mutationFn: (c: string) => post<{ recoveryCodes: string[] }>('/api/v1/auth/me/totp/confirm', { code: c }),
    onSuccess: (r) => setRecoveryCodes(r.recoveryCodes),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(code.trim());
  };
  const error = (begin.error ?? confirm.error) as Error | null;

  const body = recoveryCodes ? (
    <Stack>
      <Title order={3} size="h5">
        {en.account.recoveryTitle}
      </Title>
      <Text size="sm">{en.account.recoveryHelp}</Text>
      <SimpleGrid cols={2} spacing={4} data-testid="recovery-codes">
        {recoveryCodes.map((c) => (
          <Code key={c}>{c}</Code>
        ))}
      </SimpleGrid>
      <Group>
        <Button onClick={onDone}>{en.account.done}</Button>
      </Group>
    </Stack>
  ) : enrolment ? (
    <form onSubmit={submit}>
      <Stack>
        <Text size="sm">{en.account.scan}</Text>
        <QrCode text={enrolment.otpauthUrl} alt={en.account.qrAlt} />
        <Text size="sm">
          {en.account.key}: <Code data-testid="totp-secret">{enrolment.secret}</Code>
        </Text>
        <TextInput
          label={en.auth.code}
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.currentTarget.value)}
          w={200}
        />
        <Group>
          <Button type="submit" loading={confirm.isPending}>
            {en.account.confirm}
          </Button>
        </Group>
      </Stack>
    </form>
  ) : (
    <Group>
      <Button onClick={() => begin.mutate()} loading={begin.isPending}>
        {en.account.enable}
      </Button>
    </Group>
  );

  const content = (
    <Stack>
      {required && <Alert color="yellow">{en.account.required}</Alert>}
      {error && (
        <Alert color="red" role="alert">
          {error.message}
        </Alert>
      )}
      {body}
    </Stack>
  );
  if (!required) return content;
  return (
    <Center mih="100vh" p="md" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={460} maw="100%">
        <Stack>
          <Title order={1} size="h3">
            {en.account.twoFactor}
          </Title>
          {content}
          {onSignOut && (
            <Button variant="subtle" onClick={onSignOut}>
              {en.auth.signOut}
            </Button>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}

/** Turning two-factor off: password and a code. */
function DisableTwoFactor({ onDone }: { onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useMutation({
    mutationFn: () => api<void>('DELETE', '/api/v1/auth/me/totp', { password, code: code.trim() }),
    onSuccess: onDone,
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        disable.mutate();
      }}
    >
      <Stack gap="xs">
        <Text size="sm">{en.account.disableHelp}</Text>
        {disable.error && (
          <Alert color="red" role="alert">
            {(disable.error as Error).message}
          </Alert>
        )}
        <Group align="flex-end">
          <PasswordInput
            label={en.account.password}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <TextInput
            label={en.account.code}
            autoComplete="one-time-code"
            required
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
          />
          <Button type="submit" color="red" variant="light" loading={disable.isPending}>
            {en.account.disable}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The account page's two-factor section: on (with recovery codes left, and a way off) or off (with the set-up). */
export function TwoFactorSection() {
  const qc = useQueryClient();
  const status = useQuery({ queryKey: STATUS_KEY, queryFn: () => get<TotpStatus>('/api/v1/auth/me/totp') });
  const refresh = () => void qc.invalidateQueries({ queryKey: STATUS_KEY });
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {en.account.twoFactor}
      </Title>
      {status.data?.enabled ? (
        <>
          <Text size="sm">
            {en.account.twoFactorOn(fullTime(status.data.enabledAt!))}{' '}
            {en.account.codesLeft(status.data.recoveryCodesLeft)}
          </Text>
          <DisableTwoFactor onDone={refresh} />
        </>
      ) : (
        status.data && (
          <>
            <Text size="sm">{en.account.twoFactorOff}</Text>
            <EnrolTwoFactor onDone={refresh} />
          </>
        )
      )}
    </Stack>
  );
}
