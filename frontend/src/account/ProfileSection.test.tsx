import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../test/render';
import { ProfileSection } from './ProfileSection';

afterEach(() => vi.unstubAllGlobals());

describe('ProfileSection', () => {
  it('shows the name, job title and signature replies carry, and saves them with PATCH /auth/me', async () => {
    const requests: { method: string; path: string; body: unknown }[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        requests.push({ method: request.method, path: new URL(request.url).pathname, body: await request.json() });
        return new Response(JSON.stringify({ id: 1, name: 'Dana Scully', title: 'Lead', signature: 'Cheers,\nDana' }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      }),
    );
    renderWithProviders(<ProfileSection user={{ name: 'Dana', title: 'Agent', signature: '' }} />);
    const name = screen.getByLabelText(/Name/) as HTMLInputElement;
    expect(name.value).toBe('Dana');
    fireEvent.change(name, { target: { value: ' Dana Scully ' } });
    const title = screen.getByLabelText('Job title') as HTMLInputElement;
    expect(title.value).toBe('Agent');
    fireEvent.change(title, { target: { value: 'Lead' } });
    fireEvent.change(screen.getByLabelText('Signature'), { target: { value: 'Cheers,\nDana' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    expect(requests[0]).toEqual({
      method: 'PATCH',
      path: '/api/v1/auth/me',
      body: { name: 'Dana Scully', title: 'Lead', signature: 'Cheers,\nDana' },
    });
  });
});
