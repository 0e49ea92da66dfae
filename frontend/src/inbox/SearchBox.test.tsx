import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { SearchBox, suggestsFor, type Suggestion } from './SearchBox';

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });

/** The box as the inbox holds it: its text in state. */
function Harness({ onPick }: { onPick: (s: Suggestion) => void }) {
  const [value, setValue] = useState('');
  return <SearchBox value={value} onChange={setValue} onPick={onPick} inputRef={null} />;
}

afterEach(() => vi.unstubAllGlobals());

describe('the inbox search box', () => {
  it('suggests for words, not for ticket numbers, qualifiers or a single character', () => {
    expect(suggestsFor('dana')).toBe(true);
    expect(suggestsFor(' d ')).toBe(false);
    expect(suggestsFor('#155')).toBe(false);
    expect(suggestsFor('155')).toBe(false);
    expect(suggestsFor('tag:vip')).toBe(false);
  });

  it('suggests customers and organizations; picking one asks for their tickets', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const url = new URL(request.url);
        if (url.pathname === '/api/v1/customers')
          return json({ items: [{ id: 7, email: 'dana@acme.example', name: 'Dana' }], nextCursor: null });
        if (url.pathname === '/api/v1/organizations')
          return json({ items: [{ id: 9, name: 'Acme', domains: [], tags: [] }], nextCursor: null });
        return json({ items: [], nextCursor: null });
      }),
    );
    const onPick = vi.fn();
    renderWithProviders(<Harness onPick={onPick} />);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search tickets' }), { target: { value: 'ac' } });
    // jsdom runs no transitions: the dropdown stays display: none, its options are there all the same.
    fireEvent.click(await screen.findByRole('option', { name: 'Dana <dana@acme.example>', hidden: true }));
    expect(onPick).toHaveBeenLastCalledWith({ requesterId: 7 });
    fireEvent.click(await screen.findByRole('option', { name: 'Acme', hidden: true }));
    expect(onPick).toHaveBeenLastCalledWith({ organizationId: 9 });
  });
});
