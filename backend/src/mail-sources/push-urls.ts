/** The public routes providers deliver change notifications to (MailPushController). */
export const PUSH_PATHS = {
  graph: '/api/v1/mail-push/graph',
  graphLifecycle: '/api/v1/mail-push/graph/lifecycle',
  gmail: '/api/v1/mail-push/gmail',
} as const;

/**
 * The absolute URLs under HELPDESK_PUBLIC_URL (no trailing slash) that a Graph subscription
 * names, and the one a Gmail Pub/Sub push subscription must deliver to (its OIDC audience).
 */
export function pushUrls(publicUrl: string) {
  return {
    graph: `${publicUrl}${PUSH_PATHS.graph}`,
    graphLifecycle: `${publicUrl}${PUSH_PATHS.graphLifecycle}`,
    gmail: `${publicUrl}${PUSH_PATHS.gmail}`,
  };
}

/** The Redis channel the api role wakes a source's fetcher on (see channelFor for the database suffix). */
export const SOURCE_WAKE_CHANNEL = 'helpdesk:mail-source-wake';

/** A wake-up for the worker holding a source's lease. */
export interface SourceWake {
  sourceId: number;
  /** Graph asked for the subscription to be renewed or created again (lifecycle notification). */
  resubscribe?: boolean;
}
