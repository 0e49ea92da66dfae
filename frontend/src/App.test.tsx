import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { App } from './App';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

it('shows the API readiness it fetched', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ status: 'ok' }))));
  render(<App />);
  await waitFor(() => expect(screen.getByTestId('api-status').textContent).toBe('ok'));
});

it('says when the API cannot be reached', async () => {
  vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new Error('down'))));
  render(<App />);
  await waitFor(() => expect(screen.getByTestId('api-status').textContent).toBe('unreachable'));
});
