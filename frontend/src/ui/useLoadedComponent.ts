import { type ComponentType, useEffect, useState } from 'react';

/**
 * A component whose code is loaded the first time it is `wanted`, then kept: `null` until then.
 * For what the first screen does not show (a dialog, the notifications container), so the inbox
 * paints without its code. Not React.lazy: a Suspense boundary holds what it reveals back for up
 * to 300 ms in React 19, which a dialog opened by a key press or a notification must not wait.
 */
export function useLoadedComponent<P>(
  load: () => Promise<{ default: ComponentType<P> }>,
  wanted: boolean,
): ComponentType<P> | null {
  const [loaded, setLoaded] = useState<ComponentType<P> | null>(null);
  useEffect(() => {
    if (!wanted || loaded) return;
    let mounted = true;
    void load().then((m) => mounted && setLoaded(() => m.default));
    return () => {
      mounted = false;
    };
  }, [wanted, loaded, load]);
  return loaded;
}
