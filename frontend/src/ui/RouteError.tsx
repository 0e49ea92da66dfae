import { Alert, Anchor, Container } from '@mantine/core';
import { useRouteError } from 'react-router';
import { en } from '../i18n/en';

/** Shown instead of a screen that failed to render (for example a chunk that failed to load after a deploy). */
export function RouteError() {
  const error = useRouteError() as Error | null;
  return (
    <Container py="xl" component="main">
      <Alert color="red" role="alert" title={en.app.failed}>
        {error?.message} <Anchor href={window.location.pathname + window.location.search}>{en.app.reload}</Anchor>
      </Alert>
    </Container>
  );
}
