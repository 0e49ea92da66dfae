import {
  createTheme,
  type CSSVariablesResolver,
  defaultVariantColorsResolver,
  MantineProvider,
  Modal,
  Notification,
  VariantColorsResolver,
} from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError } from './api/client';
import { en } from './i18n/en';
import { meQuery } from './auth/auth.api';
import { RequireSession } from './auth/session';
import { filtersFromSearch, sortFromSearch } from './inbox/views';
import { SignInPage } from './auth/SignInPage';
import { ForgotPasswordPage, SetPasswordPage } from './auth/PasswordPages';
import { InboxPage } from './inbox/InboxPage';
import { AgentLayout } from './layout/AgentLayout';
import { countsQuery, ticketListQuery, ticketQuery } from './tickets/tickets.api';
import { PageLoader } from './ui/PageLoader';
import { RouteError } from './ui/RouteError';
import { Toasts } from './ui/Toasts';

// The ticket page, the admin area and the customer pages load on demand: first paint of the inbox stays small.
// The ticket page is a lazy *route* (below): the router loads its code alongside the route's data, with no
// Suspense fallback. A fallback would hold the page back: React 19 keeps a revealed Suspense fallback on
// screen for at least 300 ms and restarts that wait on every update meanwhile (the socket connecting, counts).
const AdminArea = lazy(() => import('./admin/AdminArea'));
const AccountPage = lazy(() => import('./account/AccountPage'));
const ContactPage = lazy(() => import('./public/ContactPage'));
const PortalPage = lazy(() => import('./public/PortalPage'));
const OrganizationsPage = lazy(() => import('./organizations/OrganizationsPage'));
const OrganizationPage = lazy(() => import('./organizations/OrganizationPage'));
const MentionsPage = lazy(() => import('./mentions/MentionsPage'));

// Light, subtle and outline variants use a darker (light theme) or lighter (dark theme) text shade
// than Mantine's default, so that badges such as a yellow "New" and subtle buttons on the grey
// details panel keep 4.5:1 contrast.
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  const c = input.color ?? input.theme.primaryColor;
  if (!(c in input.theme.colors)) return colors;
  const text = `light-dark(color-mix(in srgb, var(--mantine-color-${c}-9), black 45%), var(--mantine-color-${c}-2))`;
  if (input.variant === 'light' || input.variant === 'subtle') return { ...colors, color: text };
  if (input.variant === 'outline')
    return {
      ...colors,
      color: text,
      border: `1px solid light-dark(var(--mantine-color-${c}-7), var(--mantine-color-${c}-4))`,
    };
  return colors;
};

const theme = createTheme({
  variantColorResolver,
  components: {
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': en.app.dismiss } } }),
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': en.app.close } } }),
  },
  primaryColor: 'indigo',
  // Dark enough for white text at 4.5:1 (WCAG AA).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  // Visible focus for keyboard users everywhere, not only on some components.
  focusRing: 'auto',
});

// Links on the dark theme's grey panels (the ticket's details) need a lighter shade than Mantine's for 4.5:1;
// so do an input's error message and text, in either theme.
const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {
    '--mantine-color-anchor': 'var(--mantine-color-indigo-3)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
  },
});

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        // A 4xx will not get better by asking again.
        retry: (count, e) => !(e instanceof ApiError && e.status < 500) && count < 2,
      },
    },
  });
}

const lazyPage = (el: React.ReactNode) => <Suspense fallback={<PageLoader />}>{el}</Suspense>;

const queryClient = createQueryClient();

// Loaders start the data a screen needs in parallel with the session check and the
// screen's code. They do not wait for it: screens read the same queries and show progress.
const prefetchAgent = () => {
  void queryClient.prefetchQuery(meQuery);
  void queryClient.prefetchQuery(countsQuery);
  return null;
};
const prefetchInbox = ({ request }: { request: Request }) => {
  const params = new URL(request.url).searchParams;
  const { sort, order } = sortFromSearch(params);
  if ([...params.keys()].length)
    void queryClient.prefetchInfiniteQuery(ticketListQuery(filtersFromSearch(params), sort, order));
  return null;
};
const prefetchTicket = ({ params }: { params: { id?: string } }) => {
  void queryClient.prefetchQuery(ticketQuery(Number(params.id)));
  return null;
};

const router = createBrowserRouter([
  { path: '/login', element: <SignInPage />, errorElement: <RouteError /> },
  { path: '/forgot-password', element: <ForgotPasswordPage />, errorElement: <RouteError /> },
  { path: '/reset-password', element: <SetPasswordPage />, errorElement: <RouteError /> },
  { path: '/contact', element: lazyPage(<ContactPage />), errorElement: <RouteError /> },
  { path: '/portal/:token', element: lazyPage(<PortalPage />), errorElement: <RouteError /> },
  {
    path: '/',
    loader: prefetchAgent,
    errorElement: <RouteError />,
    // Shown while a lazy route's code loads on a first visit (a ticket's deep link).
    hydrateFallbackElement: <PageLoader />,
    element: (
      <RequireSession>
        <AgentLayout />
      </RequireSession>
    ),
    children: [
      { index: true, loader: prefetchInbox, element: <InboxPage /> },
      {
        path: 'tickets/:id',
        loader: prefetchTicket,
        // Object form: the router runs the loader without waiting for the component's code.
        lazy: { Component: async () => (await import('./tickets/TicketPage')).default },
      },
      { path: 'admin/*', element: <AdminArea /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'organizations', element: <OrganizationsPage /> },
      { path: 'organizations/:id', element: <OrganizationPage /> },
      { path: 'mentions', element: <MentionsPage /> },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <Toasts />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
