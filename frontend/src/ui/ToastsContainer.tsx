import { Notifications } from '@mantine/notifications';

/** Top centre: the composer's send controls sit at the bottom right of the ticket page. Loaded by Toasts. */
export default function ToastsContainer() {
  return <Notifications position="top-center" />;
}
