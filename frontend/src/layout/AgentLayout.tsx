import {
  ActionIcon,
  AppShell,
  Badge,
  Burger,
  Group,
  Kbd,
  Menu,
  Modal,
  NavLink,
  ScrollArea,
  Table,
  Text,
  Title,
  Tooltip,
  UnstyledButton,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { savedViewsQuery } from '../inbox/saved-views.api';
import { BUILTIN_VIEWS, filtersFromSearch, sameFilters, viewHref } from '../inbox/views';
import { useShortcuts } from '../keyboard/shortcuts';
import { FALLBACK_POLL_MS, useLiveConnected, useLiveUpdates } from '../realtime/useLiveUpdates';
import { countsQuery } from '../tickets/tickets.api';
import { PageLoader } from '../ui/PageLoader';

/** The agent's frame: header (search, theme, account), sidebar of views with live counts, and the page. */
export function AgentLayout() {
  const { user, signOut } = useSession();
  const [navOpen, nav] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);
  const { toggleColorScheme } = useMantineColorScheme();
  const navigate = useNavigate();
  const location = useLocation();
  useLiveUpdates();
  const live = useLiveConnected();

  useShortcuts({
    '?': help.open,
    '/': () => {
      const box = document.getElementById('ticket-search') as HTMLInputElement | null;
      if (box) box.focus();
      else navigate('/?focus=search');
    },
  });

  const counts = useQuery({ ...countsQuery, refetchInterval: live ? false : FALLBACK_POLL_MS });
  // Saved views come from the UI backend; an older server without them just shows none.
  const views = useQuery({
    ...savedViewsQuery,
    retry: false,
    refetchInterval: live ? false : FALLBACK_POLL_MS * 3,
  });
  const current = location.pathname === '/' ? filtersFromSearch(new URLSearchParams(location.search)) : null;

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding={0}
    >
      <a className="skip-link" href="#main">
        {en.app.skipToContent}
      </a>
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={navOpen} onClick={nav.toggle} hiddenFrom="sm" size="sm" aria-label={en.nav.menu} />
            <UnstyledButton component={Link} to="/">
              <Title order={2} size="h4">
                {en.app.name}
              </Title>
            </UnstyledButton>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Tooltip label={en.nav.shortcuts}>
              <ActionIcon variant="subtle" onClick={help.open} aria-label={en.nav.shortcuts}>
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
                  <Text size="sm" fw={500} truncate maw={160}>
                    {user.name}
                  </Text>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user.email}</Menu.Label>
                <Menu.Item onClick={() => void signOut()}>{en.auth.signOut}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={en.nav.views}>
        <ScrollArea style={{ flex: 1 }}>
          <Text size="xs" c="dimmed" fw={700} tt="uppercase" px="xs" py={4}>
            {en.nav.views}
          </Text>
          {BUILTIN_VIEWS.map((v) => (
            <NavLink
              key={v.key}
              component={Link}
              to={viewHref(v.filters)}
              label={v.label}
              variant="filled"
              onClick={nav.close}
              active={current !== null && sameFilters(current, v.filters)}
              rightSection={<CountBadge n={counts.data?.[v.key]} testId={`count-${v.key}`} />}
            />
          ))}
          {!!views.data?.length && (
            <>
              <Text size="xs" c="dimmed" fw={700} tt="uppercase" px="xs" pt="md" pb={4}>
                {en.nav.savedViews}
              </Text>
              {views.data.map((v) => (
                <NavLink
                  key={v.id}
                  component={Link}
                  to={`${viewHref(v.filters)}&view=${v.id}`}
                  label={v.name}
                  variant="filled"
                  onClick={nav.close}
                  active={current !== null && sameFilters(current, v.filters)}
                  rightSection={<CountBadge n={v.count} capped={v.countCapped} />}
                />
              ))}
            </>
          )}
        </ScrollArea>
        {user.role === 'admin' && (
          <NavLink
            component={Link}
            to="/admin"
            label={en.nav.admin}
            variant="filled"
            onClick={nav.close}
            active={location.pathname.startsWith('/admin')}
          />
        )}
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>

      <Modal opened={helpOpen} onClose={help.close} title={en.shortcuts.title}>
        <Table>
          <Table.Tbody>
            {en.shortcuts.list.map(([key, what]) => (
              <Table.Tr key={key}>
                <Table.Td>
                  <Kbd>{key}</Kbd>
                </Table.Td>
                <Table.Td>{what}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Modal>
    </AppShell>
  );
}

/** A view's ticket count; saved views stop counting at a cap, shown as "1000+". */
function CountBadge({ n, capped, testId }: { n: number | undefined; capped?: boolean; testId?: string }) {
  if (n === undefined) return null;
  return (
    <Badge size="sm" variant="light" circle={n < 10} data-testid={testId}>
      {capped ? `${n}+` : n}
    </Badge>
  );
}
