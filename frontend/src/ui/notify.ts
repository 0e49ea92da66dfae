import { notifications } from '@mantine/notifications';

/** Shows what went wrong (an `ApiError` carries the API's own message) in a red notification. */
export const notifyError = (e: Error) => notifications.show({ color: 'red', message: e.message });
