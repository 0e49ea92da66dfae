import { type ComponentType, useEffect, useState } from 'react';

/**
 * A component whose code is loaded the first time it is `wanted`, then kept: `null` until then.
 * For what the first screen does not show (a dialog, the notifications container), so the inbox
 * paints without its code. Not React.lazy: a Suspense boundary holds what it reveals back for up
 * to 300 ms in React 19, which a dialog opened by a key press or a notification must not wait.
 * Code that cannot be loaded (replaced by a deploy since the page loaded) is thrown to the
 * screen's error boundary, which offers a reload.
 */
export function useLoadedComponent<P>(
  load: () => Promise<{ default: ComponentType<P> }>,
  wanted: boolean,
): ComponentType<P> | null {
  const [loaded, setLoaded] = useState<ComponentType<P> | null>(null);
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    if (!wanted || loaded) return;
    let mounted = true;
    load().then(
      (m) => mounted && setLoaded(() => m.default),
      (e: unknown) => mounted && setFailed(e),
    );
    return () => {
      mounted = false;
    };
  }, [wanted, loaded, load]);
  if (failed) throw failed;
  return loaded;
}
