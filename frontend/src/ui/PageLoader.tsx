import { Center, Loader } from '@mantine/core';
import { en } from '../i18n/en';

export function PageLoader() {
  return (
    <Center p="xl" aria-busy="true">
      <Loader size="sm" aria-label={en.app.loading} />
    </Center>
  );
}
