import { useEffect } from 'react';
import { en } from '../i18n/en';

/** "#155 Printer on fire · Helpdesk": the page's own part first, so a narrow browser tab still shows it. */
export const documentTitle = (...parts: (string | null | undefined | false)[]) =>
  [...parts.filter((p): p is string => !!p), en.app.name].join(' · ');

/**
 * Sets the browser tab's title while the screen is shown (nothing given: just the app's name, e.g.
 * while loading). The next screen sets its own, so there is nothing to restore on unmount.
 */
export function useDocumentTitle(...parts: (string | null | undefined | false)[]) {
  const title = documentTitle(...parts);
  useEffect(() => {
    document.title = title;
  }, [title]);
}
