import { Alert, Button, Group, Title } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { Ticket } from '../api/types';
import { en } from '../i18n/en';
import { FALLBACK_POLL_MS, useLiveConnected } from '../realtime/useLiveUpdates';
import { findTicketByNumber, ticketListQuery } from '../tickets/tickets.api';
import { BulkBar } from './BulkBar';
import { FilterBar } from './FilterBar';
import { SaveViewButton } from './SaveViewButton';
import { SearchBox } from './SearchBox';
import { useSelection } from './selection';
import { TicketTable } from './TicketTable';
import { useDocumentTitle } from '../ui/useDocumentTitle';
import { rememberList } from './list-context';
import { useViewName } from './useViewName';
import { BUILTIN_VIEWS, filtersFromSearch, sortFromSearch } from './views';

/** `155` or `#155`: what the search box takes as a ticket number (the API's rule, ticket-search.ts). */
const isTicketNumber = (q: string) => /^#?\d{1,15}$/.test(q);

/** The ticket list of whatever filters the URL holds; views in the sidebar are links to filter sets. */
export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFromSearch(params), [params]);
  const { sort, order } = sortFromSearch(params);
  const live = useLiveConnected();
  const selection = useSelection();
  const navigate = useNavigate();

  const list = useInfiniteQuery({
    ...ticketListQuery(filters, sort, order),
    refetchInterval: live ? false : FALLBACK_POLL_MS,
  });
  const tickets = useMemo(() => list.data?.pages.flatMap((p) => p.items) ?? [], [list.data]);

  const [search, setSearch] = useState(filters.q ?? '');
  // On a phone the filters fold away behind a button; the list gets the screen.
  const [filtersOpen, setFiltersOpen] = useState(false);
  useEffect(() => setSearch(filters.q ?? ''), [filters.q]);
  const searchRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (params.get('focus') === 'search') searchRef.current?.focus();
  }, [params]);
  const view = useViewName(filters, params.get('view'));
  useDocumentTitle(
    filters.q !== undefined ? `${view.name}: ${filters.q}` : view.count ? `${view.name} (${view.count})` : view.name,
  );

  // A bare "/" is the default view.
  if ([...params.keys()].length === 0)
    return <Navigate to={`/?${new URLSearchParams(BUILTIN_VIEWS[0].filters)}`} replace />;

  // The ticket page moves through this list in this order (j/k, "then next ticket") and comes back to it.
  const remember = () => {
    const search = new URLSearchParams(params);
    search.delete('focus');
    rememberList({ search: `?${search}`, ids: tickets.map((t) => t.id) });
  };
  const open = (t: Ticket) => {
    remember();
    navigate(`/tickets/${t.id}`);
  };

  const update = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    p.delete('focus');
    p.delete('view');
    for (const [k, v] of Object.entries(next)) {
      if (v) p.set(k, v);
      else p.delete(k);
    }
    selection.clear();
    setParams(p);
  };

  // Search looks through every ticket, not only the current view's; a ticket number opens that ticket.
  const submitSearch = async (e: FormEvent) => {
    e.preventDefault();
    const q = search.trim();
    selection.clear();
    searchRef.current?.blur();
    if (isTicketNumber(q)) {
      const found = await findTicketByNumber(q).catch(() => undefined);
      if (found) return navigate(`/tickets/${found.id}`);
    }
    setParams(q ? { q } : new URLSearchParams(BUILTIN_VIEWS[0].filters));
  };

  return (
    <div className="inbox">
      <Group justify="space-between" px="md" pt="sm" pb={6} gap="xs" wrap="wrap">
        <Title order={1} size="h3">
          {view.name}
        </Title>
        <form role="search" onSubmit={(e) => void submitSearch(e)} className="inbox-search">
          <SearchBox
            value={search}
            onChange={setSearch}
            inputRef={searchRef}
            onPick={(picked) => {
              selection.clear();
              setSearch('');
              searchRef.current?.blur();
              setParams(Object.fromEntries(Object.entries(picked).map(([k, v]) => [k, String(v)])));
            }}
          />
        </form>
      </Group>
      <Button
        hiddenFrom="sm"
        size="xs"
        variant="default"
        mx="md"
        mb={6}
        onClick={() => setFiltersOpen((o) => !o)}
        aria-expanded={filtersOpen}
        aria-controls="inbox-filters"
      >
        {en.inbox.filters}
      </Button>
      <Group
        px="md"
        pb={6}
        gap="xs"
        justify="space-between"
        wrap="wrap"
        id="inbox-filters"
        className="inbox-filters"
        data-open={filtersOpen || undefined}
      >
        <FilterBar filters={filters} onChange={update} />
        <SaveViewButton filters={filters} savedViewId={params.get('view')} />
      </Group>
      {selection.selected.size > 0 && (
        <BulkBar tickets={tickets.filter((t) => selection.selected.has(t.id))} onDone={selection.clear} />
      )}
      {list.isError && (
        <Alert color="red" m="md" role="alert">
          {(list.error as Error).message}
        </Alert>
      )}
      <TicketTable
        tickets={tickets}
        loading={list.isLoading}
        hasMore={!!list.hasNextPage}
        loadingMore={list.isFetchingNextPage}
        onNeedMore={() => void list.fetchNextPage()}
        sort={sort}
        order={order}
        onSort={(s, o) => update({ sort: s, order: o })}
        selection={selection}
        onOpen={open}
        onFollow={remember}
      />
    </div>
  );
}
