import { Box, Divider, Stack, Title } from '@mantine/core';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { SessionsSection } from './SessionsSection';
import { TwoFactorSection } from './TwoFactorSection';

/** The signed-in user's own account: their signature, password, two-factor sign-in and where they are signed in. */
export default function AccountPage() {
  const { user } = useSession();
  return (
    <Box p="md" maw={900}>
      <Stack>
        <Title order={1} size="h3">
          {en.account.title}
        </Title>
        <ProfileSection user={user} />
        <Divider />
        <PasswordSection />
        <Divider />
        <TwoFactorSection />
        <Divider />
        <SessionsSection />
      </Stack>
    </Box>
  );
}
