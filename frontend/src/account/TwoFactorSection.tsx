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
import { FormEvent, useState } from 'react';
import { useBeginTotp, useConfirmTotp, useDisableTotp, useTotpStatus } from '../auth/auth.api';
import { en } from '../i18n/en';
import { fullTime } from '../ui/format';
import { QrCode } from './QrCode';

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
  const [code, setCode] = useState('');
  const begin = useBeginTotp();
  const confirm = useConfirmTotp();
  const enrolment = begin.data;
  const recoveryCodes = confirm.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate(code.trim());
  };
  const error = begin.error ?? confirm.error;

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
function DisableTwoFactor() {
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const disable = useDisableTotp();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        disable.mutate({ password, code: code.trim() });
      }}
    >
      <Stack gap="xs">
        <Text size="sm">{en.account.disableHelp}</Text>
        {disable.error && (
          <Alert color="red" role="alert">
            {disable.error.message}
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
  const status = useTotpStatus();
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
          <DisableTwoFactor />
        </>
      ) : (
        status.data && (
          <>
            <Text size="sm">{en.account.twoFactorOff}</Text>
            <EnrolTwoFactor onDone={() => void status.refetch()} />
          </>
        )
      )}
    </Stack>
  );
}
