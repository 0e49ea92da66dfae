import { Divider, Stack } from '@mantine/core';
import { SsoProvidersAdmin } from './SsoProvidersAdmin';
import { TwoFactorPolicyAdmin } from './TwoFactorPolicyAdmin';

/** How people sign in: the two-factor policy for passwords, and the single sign-on providers. */
export function SignInAdmin() {
  return (
    <Stack gap="lg">
      <TwoFactorPolicyAdmin />
      <Divider />
      <SsoProvidersAdmin />
    </Stack>
  );
}
