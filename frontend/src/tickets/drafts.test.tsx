import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DraftView, SaveDraftDto } from '../api/openapi.gen';
import { DRAFT_SAVE_DELAY_MS, useDraft } from './drafts';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

interface Call {
  method: string;
  body?: SaveDraftDto;
  keepalive: boolean;
}

/** Stands in for the API's draft routes on ticket 7: `stored` is the draft GET finds (null: 404). */
function stubApi(stored: DraftView | null, opts: { holdGet?: boolean } = {}) {
  const calls: Call[] = [];
  let releaseGet = () => undefined as void;
  const held = new Promise<void>((resolve) => (releaseGet = resolve));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      expect(new URL(request.url).pathname).toBe('/api/v1/tickets/7/draft');
      if (request.method === 'GET') {
        if (opts.holdGet) await held;
        return stored ? json(stored) : json({ message: 'No draft' }, 404);
      }
      const body = request.method === 'PUT' ? ((await request.json()) as SaveDraftDto) : undefined;
      calls.push({ method: request.method, body, keepalive: request.keepalive });
      if (request.method === 'DELETE') return new Response(null, { status: 204 });
      return json({ bodyHtml: null, cc: [], attachmentIds: [], internal: false, ...body, updatedAt: 'now' });
    }),
  );
  return { calls, releaseGet };
}

const content = (body: string, internal = false): SaveDraftDto => ({ body, internal, attachmentIds: [] });
const draft = (body: string): DraftView => ({
  body,
  bodyHtml: null,
  internal: true,
  attachmentIds: [],
  cc: [],
  updatedAt: '2026-12-01T08:00:00.000Z',
});

function renderDraft(initial: SaveDraftDto) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const restore = vi.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={qc}>{children}</QueryClientProvider>
  );
  const hook = renderHook(({ c }: { c: SaveDraftDto }) => useDraft(7, c, restore), {
    wrapper,
    initialProps: { c: initial },
  });
  return { ...hook, qc, restore, type: (c: SaveDraftDto) => hook.rerender({ c }) };
}

/** Lets timers run `ms` further and every promise they start settle. */
const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));

beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the composer draft', () => {
  it('restores the saved draft into an empty composer, without saving it back', async () => {
    const { calls } = stubApi(draft('Dear Dana,'));
    const { restore, type } = renderDraft(content(''));
    await wait(0);
    expect(restore).toHaveBeenCalledWith(expect.objectContaining({ body: 'Dear Dana,', internal: true }));
    type(content('Dear Dana,', true)); // the composer shows it
    await wait(DRAFT_SAVE_DELAY_MS * 2);
    expect(calls).toEqual([]);
  });

  it('saves 1.5 s after the last change, once, with the latest text', async () => {
    const { calls } = stubApi(null);
    const { type } = renderDraft(content(''));
    await wait(0);
    type(content('Dear'));
    await wait(1000);
    type(content('Dear Dana'));
    await wait(DRAFT_SAVE_DELAY_MS - 1);
    expect(calls).toEqual([]);
    await wait(1);
    expect(calls).toEqual([{ method: 'PUT', body: content('Dear Dana'), keepalive: false }]);
    // The mode is part of it.
    type(content('Dear Dana', true));
    await wait(DRAFT_SAVE_DELAY_MS);
    expect(calls.at(-1)).toEqual({ method: 'PUT', body: content('Dear Dana', true), keepalive: false });
  });

  it('deletes the draft when the text is emptied', async () => {
    const { calls } = stubApi(draft('Old words'));
    const { type } = renderDraft(content(''));
    await wait(0);
    type(content('Old words', true));
    type(content('  '));
    await wait(DRAFT_SAVE_DELAY_MS);
    expect(calls).toEqual([{ method: 'DELETE', keepalive: false }]);
  });

  it('neither saves nor deletes before the draft has loaded', async () => {
    const { calls, releaseGet } = stubApi(draft('Kept on the server'), { holdGet: true });
    const { restore, type } = renderDraft(content(''));
    type(content(''));
    await wait(DRAFT_SAVE_DELAY_MS * 2);
    expect(calls).toEqual([]);
    releaseGet();
    await wait(0);
    expect(restore).toHaveBeenCalled();
  });

  it('keeps what was typed before the draft loaded instead of restoring over it', async () => {
    const { calls, releaseGet } = stubApi(draft('Older words'), { holdGet: true });
    const { restore, type } = renderDraft(content(''));
    type(content('Typed first'));
    releaseGet();
    await wait(0);
    expect(restore).not.toHaveBeenCalled();
    await wait(DRAFT_SAVE_DELAY_MS);
    expect(calls).toEqual([{ method: 'PUT', body: content('Typed first'), keepalive: false }]);
  });

  it('saves at once when the composer goes, and with keepalive when the page is hidden', async () => {
    const { calls } = stubApi(null);
    const first = renderDraft(content(''));
    await wait(0);
    first.type(content('Leaving now'));
    await wait(100);
    act(() => void window.dispatchEvent(new Event('pagehide')));
    await wait(0);
    expect(calls).toEqual([{ method: 'PUT', body: content('Leaving now'), keepalive: true }]);

    first.type(content('Leaving now, really'));
    first.unmount();
    await wait(0);
    expect(calls.at(-1)).toEqual({ method: 'PUT', body: content('Leaving now, really'), keepalive: false });
    expect(calls).toHaveLength(2);
  });

  it('waits while a send is on its way', async () => {
    const { calls } = stubApi(null);
    const { qc, type } = renderDraft(content(''));
    await wait(0);
    let finish = () => undefined as void;
    const sending = qc.getMutationCache().build(qc, { mutationFn: () => new Promise<void>((r) => (finish = r)) });
    void sending.execute(undefined);
    type(content('Being sent'));
    await wait(DRAFT_SAVE_DELAY_MS * 3);
    expect(calls).toEqual([]);
    finish();
    await wait(DRAFT_SAVE_DELAY_MS);
    expect(calls).toEqual([{ method: 'PUT', body: content('Being sent'), keepalive: false }]);
  });

  it('after a send, saves nothing of the sent text', async () => {
    const { calls } = stubApi(null);
    const { result, type } = renderDraft(content(''));
    await wait(0);
    type(content('Sent right away'));
    await wait(500);
    act(() => result.current.sent());
    type(content(''));
    await wait(DRAFT_SAVE_DELAY_MS * 2);
    expect(calls).toEqual([]);
  });
});
