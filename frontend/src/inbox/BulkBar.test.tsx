import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, renderHook, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { keys } from '../api/keys';
import type { Ticket } from '../api/types';
import { RequireSession } from '../auth/session';
import { BULK_MAX_TICKETS, useBulkUpdate } from '../tickets/tickets.api';
import { BulkBar, bulkChanges } from './BulkBar';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Stands in for the API: answers POST /tickets/bulk with `bulk`, the session and directory reads as a small team. */
function stubApi(bulk: (dto: { ids: number[] }) => Response) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    const body = request.method === 'GET' ? undefined : await request.json();
    calls.push({ method: request.method, path, body });
    if (path === '/api/v1/auth/me') return json({ user: { id: 1, name: 'Dana', active: true }, csrfToken: 't' });
    if (path === '/api/v1/tickets/bulk') return bulk(body as { ids: number[] });
    return json({ items: [], nextCursor: null });
  });
  vi.stubGlobal('fetch', fetch);
  return calls;
}

const wrapper = (qc: QueryClient) =>
  function Providers({ children }: { children: ReactNode }) {
    return (
      <MantineProvider>
        <QueryClientProvider client={qc}>
          <MemoryRouter>{children}</MemoryRouter>
        </QueryClientProvider>
      </MantineProvider>
    );
  };

afterEach(() => vi.unstubAllGlobals());

describe('bulk changes', () => {
  it('turns a choice of the bar into the changes of POST /tickets/bulk, a tag normalised', () => {
    expect(bulkChanges({ addTag: ' VIP ' })).toEqual({ addTags: ['vip'] });
    expect(bulkChanges({ assigneeId: null })).toEqual({ assigneeId: null });
    expect(bulkChanges({ status: 'solved' })).toEqual({ status: 'solved' });
  });

  it('sends the selection in one request, not one per ticket, and clears it when all were changed', async () => {
    const calls = stubApi(({ ids }) => json({ updated: ids, failed: [] }));
    const onDone = vi.fn();
    const tickets = [
      { id: 7, tags: ['vip'] },
      { id: 9, tags: [] },
    ] as unknown as Ticket[];
    render(
      <RequireSession>
        <BulkBar tickets={tickets} onDone={onDone} />
      </RequireSession>,
      { wrapper: wrapper(new QueryClient()) },
    );
    fireEvent.change(await screen.findByLabelText('Add tag'), { target: { value: 'Refund' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    const writes = calls.filter((c) => c.method !== 'GET');
    expect(writes).toEqual([
      { method: 'POST', path: '/api/v1/tickets/bulk', body: { ids: [7, 9], changes: { addTags: ['refund'] } } },
    ]);
  });

  it('marks the selection as spam only once the agent confirms, in one request', async () => {
    const calls = stubApi(({ ids }) => json({ updated: ids, failed: [] }));
    const onDone = vi.fn();
    const tickets = [{ id: 7 }, { id: 9 }, { id: 11 }] as Ticket[];
    render(
      <RequireSession>
        <BulkBar tickets={tickets} onDone={onDone} />
      </RequireSession>,
      { wrapper: wrapper(new QueryClient()) },
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Mark as spam' }));
    const dialog = await screen.findByRole('dialog', { name: 'Mark 3 tickets as spam?' });
    // Cancel sends nothing.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Mark as spam' }));
    const again = await screen.findByRole('dialog', { name: 'Mark 3 tickets as spam?' });
    fireEvent.click(within(again).getByRole('button', { name: 'Mark as spam' }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(calls.filter((c) => c.method !== 'GET')).toEqual([
      { method: 'POST', path: '/api/v1/tickets/bulk', body: { ids: [7, 9, 11], changes: { spam: true } } },
    ]);
  });

  it('keeps the selection when some tickets failed', async () => {
    stubApi(() => json({ updated: [7], failed: [{ id: 9, statusCode: 409, message: 'closed' }] }));
    const onDone = vi.fn();
    const tickets = [{ id: 7 }, { id: 9 }] as Ticket[];
    render(
      <RequireSession>
        <BulkBar tickets={tickets} onDone={onDone} />
      </RequireSession>,
      { wrapper: wrapper(new QueryClient()) },
    );
    const tag = await screen.findByLabelText<HTMLInputElement>('Add tag');
    fireEvent.change(tag, { target: { value: 'x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    // The tag box empties once the change has been applied, failures or not.
    await waitFor(() => expect(tag.value).toBe(''));
    expect(onDone).not.toHaveBeenCalled();
  });

  it(`splits a selection into requests of ${BULK_MAX_TICKETS}, a failed request failing its tickets alone`, async () => {
    const calls = stubApi(({ ids }) =>
      ids.length === BULK_MAX_TICKETS
        ? json({ updated: ids, failed: [] })
        : json({ statusCode: 503, message: 'try later' }, 503),
    );
    const qc = new QueryClient();
    qc.setQueryData(keys.counts, { myOpen: 1 });
    const { result } = renderHook(() => useBulkUpdate(), { wrapper: wrapper(qc) });
    const ids = Array.from({ length: BULK_MAX_TICKETS + 50 }, (_, i) => i + 1);
    const r = await result.current.mutateAsync({ ids, changes: { status: 'solved' } });
    expect(calls.map((c) => (c.body as { ids: number[] }).ids.length)).toEqual([BULK_MAX_TICKETS, 50]);
    expect(r.updated).toEqual(ids.slice(0, BULK_MAX_TICKETS));
    expect(r.failed).toHaveLength(50);
    expect(r.failed[0]).toEqual({ id: BULK_MAX_TICKETS + 1, statusCode: 503, message: 'try later' });
    // What lists tickets is stale now (api/keys.ts, invalidateTickets).
    expect(qc.getQueryState(keys.counts)?.isInvalidated).toBe(true);
  });
});
