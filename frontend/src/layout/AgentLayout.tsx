import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { Outlet, useNavigate } from 'react-router';
import { en } from '../i18n/en';
import { useShortcuts } from '../keyboard/shortcuts';
import { useLiveUpdates } from '../realtime/useLiveUpdates';
import { NewTicketDialog } from '../tickets/NewTicketDialog';
import { PageLoader } from '../ui/PageLoader';
import { AppHeader } from './AppHeader';
import { ShortcutsHelp } from './ShortcutsHelp';
import { ViewsNav } from './ViewsNav';

/** The agent's frame: header (new ticket, theme, account), sidebar of views with live counts, and the page. */
export function AgentLayout() {
  const [navOpen, nav] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);
  const [newOpen, newTicket] = useDisclosure(false);
  const navigate = useNavigate();
  useLiveUpdates();

  useShortcuts({
    '?': help.open,
    c: newTicket.open,
    '/': () => {
      const box = document.getElementById('ticket-search') as HTMLInputElement | null;
      if (box) box.focus();
      else navigate('/?focus=search');
    },
  });

  return (
    <AppShell
      header={{ height: 52 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpen } }}
      padding={0}
    >
      <a className="skip-link" href="#main">
        {en.app.skipToContent}
      </a>
      <AppHeader navOpen={navOpen} onToggleNav={nav.toggle} onHelp={help.open} onNewTicket={newTicket.open} />
      <ViewsNav onNavigate={nav.close} />
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<PageLoader />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <ShortcutsHelp opened={helpOpen} onClose={help.close} />
      <NewTicketDialog opened={newOpen} onClose={newTicket.close} />
    </AppShell>
  );
}
