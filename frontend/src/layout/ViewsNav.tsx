import { AppShell, Badge, NavLink, ScrollArea, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { savedViewsQuery } from '../inbox/saved-views.api';
import { mentionsUnreadQuery } from '../mentions/mentions.api';
import { BUILTIN_VIEWS, filtersFromSearch, sameFilters, viewHref } from '../inbox/views';
import { FALLBACK_POLL_MS, useLiveConnected } from '../realtime/useLiveUpdates';
import { countsQuery } from '../tickets/tickets.api';

/** The sidebar: built-in and saved views with their live counts, organizations, and the admin area for admins. */
export function ViewsNav({ onNavigate }: { onNavigate: () => void }) {
  const { user } = useSession();
  const location = useLocation();
  const live = useLiveConnected();
  const counts = useQuery({ ...countsQuery, refetchInterval: live ? false : FALLBACK_POLL_MS });
  // Saved views come from the UI backend; an older server without them just shows none.
  const views = useQuery({
    ...savedViewsQuery,
    retry: false,
    refetchInterval: live ? false : FALLBACK_POLL_MS * 3,
  });
  const mentions = useQuery({ ...mentionsUnreadQuery, refetchInterval: live ? false : FALLBACK_POLL_MS });
  const current = location.pathname === '/' ? filtersFromSearch(new URLSearchParams(location.search)) : null;

  return (
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
            onClick={onNavigate}
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
                onClick={onNavigate}
                active={current !== null && sameFilters(current, v.filters)}
                rightSection={<CountBadge n={v.count} capped={v.countCapped} />}
              />
            ))}
          </>
        )}
      </ScrollArea>
      <NavLink
        component={Link}
        to="/mentions"
        label={en.nav.mentions}
        variant="filled"
        onClick={onNavigate}
        active={location.pathname === '/mentions'}
        rightSection={mentions.data?.unread ? <CountBadge n={mentions.data.unread} testId="count-mentions" /> : null}
      />
      <NavLink
        component={Link}
        to="/organizations"
        label={en.nav.organizations}
        variant="filled"
        onClick={onNavigate}
        active={location.pathname.startsWith('/organizations')}
      />
      {user.role === 'admin' && (
        <NavLink
          component={Link}
          to="/admin"
          label={en.nav.admin}
          variant="filled"
          onClick={onNavigate}
          active={location.pathname.startsWith('/admin')}
        />
      )}
    </AppShell.Navbar>
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
