import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { Outlet, useNavigate } from 'react-router';
import { en } from '../i18n/en';
import { useShortcuts } from '../keyboard/shortcuts';
import { useLiveConnected, useLiveUpdates } from '../realtime/useLiveUpdates';
import { PageLoader } from '../ui/PageLoader';
import { useLoadedComponent } from '../ui/useLoadedComponent';
import { AppHeader } from './AppHeader';
import { ShortcutsHelp } from './ShortcutsHelp';
import { ViewsNav } from './ViewsNav';

const loadNewTicketDialog = () => import('../tickets/NewTicketDialog').then((m) => ({ default: m.NewTicketDialog }));

/** The agent's frame: header (new ticket, theme, account), sidebar of views with live counts, and the page. */
export function AgentLayout() {
  const [navOpen, nav] = useDisclosure(false);
  const [helpOpen, help] = useDisclosure(false);
  const [newOpen, newTicket] = useDisclosure(false);
  const navigate = useNavigate();
  // Loaded when first opened: the inbox paints without the dialog's code.
  const NewTicketDialog = useLoadedComponent(loadNewTicketDialog, newOpen);
  useLiveUpdates();
  const live = useLiveConnected();

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
      // Whether live events arrive (tests and support staff can tell from the page).
      data-live={live}
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
      {NewTicketDialog && <NewTicketDialog opened={newOpen} onClose={newTicket.close} />}
    </AppShell>
  );
}
