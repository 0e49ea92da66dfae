import { render, screen, waitFor } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useLoadedComponent } from './useLoadedComponent';

const Dialog = () => <p>the dialog</p>;

/** Shows what a screen's error boundary would: the error thrown while rendering. */
class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    return this.state.error ? <p role="alert">{String(this.state.error)}</p> : this.props.children;
  }
}

function Host({ load, wanted }: { load: () => Promise<{ default: () => ReactNode }>; wanted: boolean }) {
  const Loaded = useLoadedComponent(load, wanted);
  return Loaded ? <Loaded /> : <p>nothing yet</p>;
}

describe('useLoadedComponent', () => {
  it('loads nothing until wanted, then loads once and keeps the component', async () => {
    const load = vi.fn(() => Promise.resolve({ default: Dialog }));
    const view = render(<Host load={load} wanted={false} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(load).not.toHaveBeenCalled();
    expect(screen.getByText('nothing yet')).toBeTruthy();

    view.rerender(<Host load={load} wanted />);
    await screen.findByText('the dialog');
    // No longer wanted (the dialog closed): kept, not loaded again.
    view.rerender(<Host load={load} wanted={false} />);
    view.rerender(<Host load={load} wanted />);
    expect(screen.getByText('the dialog')).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('throws code that cannot be loaded to the error boundary', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const load = () => Promise.reject(new Error('Failed to fetch dynamically imported module'));
    render(
      <Boundary>
        <Host load={load} wanted />
      </Boundary>,
    );
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Failed to fetch dynamically'));
  });
});
