import { Switch, Text } from '@mantine/core';
import { useState } from 'react';
import { en } from '../i18n/en';
import { useSetTwoFactorPolicy, useTwoFactorPolicy } from './api/two-factor-policy';
import { ConfirmModal, Section } from './shared';

/** The admins' policy: every password sign-in needs a second factor. Either change is confirmed first. */
export function TwoFactorPolicyAdmin() {
  const policy = useTwoFactorPolicy();
  // The value asked for, while the confirmation is open.
  const [asking, setAsking] = useState<boolean | null>(null);
  const set = useSetTwoFactorPolicy(() => setAsking(null));
  const t = en.admin.twoFactorPolicy;
  return (
    <Section title={t.title} query={policy}>
      <Switch
        label={t.require}
        description={t.help}
        checked={policy.data?.required ?? false}
        onChange={(e) => setAsking(e.currentTarget.checked)}
      />
      {asking !== null && (
        <ConfirmModal
          title={asking ? t.turnOn : t.turnOff}
          confirmLabel={asking ? t.turnOnConfirm : t.turnOffConfirm}
          destructive={!asking}
          busy={set.isPending}
          onConfirm={() => set.mutate(asking)}
          onClose={() => setAsking(null)}
        >
          <Text size="sm">{asking ? t.turnOnBody : t.turnOffBody}</Text>
        </ConfirmModal>
      )}
    </Section>
  );
}
