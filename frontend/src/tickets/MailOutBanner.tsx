import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useSession } from '../auth/session';
import { en } from '../i18n/en';
import { useMailOutStatus } from './mail-out.api';

/**
 * A clear warning while replies cannot be emailed: no relay, or a relay that fails (with its
 * error), and how many mails wait meanwhile. Admins get a link to the relay page; nothing shows while mail goes out.
 */
export function MailOutBanner() {
  const { user } = useSession();
  const status = useMailOutStatus();
  const s = status.data;
  if (!s || s.canSend) return null;
  return (
    <Alert color="red" role="alert" data-testid="mail-out-banner" m="xs" p="xs">
      <Text size="sm" fw={600}>
        {s.problem === 'relay_failing' ? en.setup.mailOut.relayFailing(s.lastError ?? '') : en.setup.mailOut.noRelay}
      </Text>
      {s.waiting > 0 && <Text size="sm">{en.setup.mailOut.waiting(s.waiting, s.waitingReplies)}</Text>}
      {user.role === 'admin' ? (
        <Anchor component={Link} to="/admin/relay" size="sm">
          {en.setup.mailOut.fixIt}
        </Anchor>
      ) : (
        <Text size="sm">{en.setup.mailOut.askAdmin}</Text>
      )}
    </Alert>
  );
}
