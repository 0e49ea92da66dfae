import {
  ActionIcon,
  AppShell,
  Burger,
  Button,
  Group,
  Kbd,
  Menu,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
  useMantineColorScheme,
} from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { NotificationBell } from '../notifications/NotificationBell';
import { useAway } from './availability';

/** The top bar: menu (phones), the app's name (home), new ticket, the notifications bell, shortcuts help, light/dark theme, the account menu. */
export function AppHeader({
  navOpen,
  onToggleNav,
  onHelp,
  onNewTicket,
}: {
  navOpen: boolean;
  onToggleNav: () => void;
  onHelp: () => void;
  onNewTicket: () => void;
}) {
  const { user, signOut } = useSession();
  const { toggleColorScheme } = useMantineColorScheme();
  const { away, setAway, saving } = useAway(user.id);
  return (
    <AppShell.Header>
      <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Burger opened={navOpen} onClick={onToggleNav} hiddenFrom="sm" size="sm" aria-label={en.nav.menu} />
          <UnstyledButton component={Link} to="/">
            <Title order={2} size="h4">
              {en.app.name}
            </Title>
          </UnstyledButton>
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Tooltip label={`${en.nav.newTicket} (c)`}>
            <Button size="compact-sm" onClick={onNewTicket} data-testid="new-ticket" visibleFrom="sm">
              {en.nav.newTicket}
            </Button>
          </Tooltip>
          {/* A phone's header has room for an icon only. */}
          <ActionIcon variant="filled" onClick={onNewTicket} aria-label={en.nav.newTicket} hiddenFrom="sm">
            <span aria-hidden>+</span>
          </ActionIcon>
          <NotificationBell />
          {/* Keyboard shortcuts need a keyboard: a phone's header keeps its room for the bell. */}
          <Tooltip label={en.nav.shortcuts}>
            <ActionIcon variant="subtle" onClick={onHelp} aria-label={en.nav.shortcuts} visibleFrom="sm">
              <Kbd size="xs">?</Kbd>
            </ActionIcon>
          </Tooltip>
          <Tooltip label={en.nav.theme}>
            <ActionIcon variant="subtle" onClick={toggleColorScheme} aria-label={en.nav.theme}>
              <span aria-hidden>◐</span>
            </ActionIcon>
          </Tooltip>
          <Menu position="bottom-end">
            <Menu.Target>
              <UnstyledButton
                aria-label={`${user.name} (${user.email})`}
                data-testid="account-menu"
                className="account-button"
              >
                <Text size="sm" fw={500} truncate maw={{ base: 88, sm: 160 }}>
                  {user.name}
                </Text>
              </UnstyledButton>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{user.email}</Menu.Label>
              {away !== undefined && (
                <Menu.Item closeMenuOnClick={false} disabled={saving} onClick={() => setAway(!away)}>
                  {away ? en.rules.backFromAway : en.rules.setAway}
                </Menu.Item>
              )}
              <Menu.Item component={Link} to="/account">
                {en.account.menu}
              </Menu.Item>
              <Menu.Item onClick={() => void signOut()}>{en.auth.signOut}</Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      </Group>
    </AppShell.Header>
  );
}
