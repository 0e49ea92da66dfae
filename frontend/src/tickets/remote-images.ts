/**
 * Remote images of a mail, shown only when the agent asks. The server's sanitiser keeps
 * each remote image's URL as `data-remote-src` (no `src`), so the mail frame loads
 * nothing from the sender. "Load images" hands the frame HTML whose remote images point
 * at the api's proxy (`…/messages/{id}/remote-images/{n}`, n in document order): the
 * agent's browser still talks to this server only, and the frame's CSP (`img-src 'self'
 * data:`) would block any other origin anyway.
 */
export const remoteImageUrl = (ticketId: number, messageId: number, n: number) =>
  `/api/v1/tickets/${ticketId}/messages/${messageId}/remote-images/${n}`;

/** The HTML with every remote image's `src` set to its proxy URL (parsed inertly: nothing loads here). */
export function withRemoteImages(html: string, ticketId: number, messageId: number): string {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html');
  doc.querySelectorAll('img[data-remote-src]').forEach((img, n) => {
    img.setAttribute('src', remoteImageUrl(ticketId, messageId, n));
    img.removeAttribute('data-remote-src');
  });
  return doc.body.innerHTML;
}
