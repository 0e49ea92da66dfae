import { useNotifications } from '@mantine/notifications';
import { useLoadedComponent } from './useLoadedComponent';

const loadContainer = () => import('./ToastsContainer');

/** Mantine's notifications container, loaded with the first notification shown; until then they wait in the store. */
export function Toasts() {
  const Container = useLoadedComponent(loadContainer, useNotifications().notifications.length > 0);
  return Container && <Container />;
}
