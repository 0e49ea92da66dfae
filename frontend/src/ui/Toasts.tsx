import { useNotifications } from '@mantine/notifications';
import { useLoadedComponent } from './useLoadedComponent';

// Outside the router's error boundaries: code that cannot be loaded (replaced by a deploy since
// the page loaded) costs the notifications, never the page.
const loadContainer = () =>
  import('./ToastsContainer').catch((e: unknown) => {
    console.warn('notifications unavailable:', e);
    return { default: () => null };
  });

/** Mantine's notifications container, loaded with the first notification shown; until then they wait in the store. */
export function Toasts() {
  const Container = useLoadedComponent(loadContainer, useNotifications().notifications.length > 0);
  return Container && <Container />;
}
