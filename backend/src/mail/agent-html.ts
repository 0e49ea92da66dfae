import { sanitizeMailHtml } from './sanitize-mail-html';

/** Any attachment id: for a first pass that only normalises, before we know which images are the agent's. */
const ANY_IMAGE = { has: () => true };

// sanitize-html writes every attribute double-quoted and escaped, so on its output this finds
// exactly the images whose source is one of our attachment URLs.
const OWN_IMAGE = /(<img\b[^>]*?\ssrc=")\/api\/v1\/attachments\/(\d{1,15})"/gi;

/**
 * The attachment ids an agent's HTML shows as images (`<img src="/api/v1/attachments/{id}">`),
 * in document order, once each. Reads the HTML as the sanitiser will keep it, so text that only
 * looks like an image (in an attribute, a comment) does not count.
 */
export function referencedImageIds(html: string): number[] {
  const normalised = sanitizeMailHtml(html, new Map(), ANY_IMAGE);
  return [...new Set([...normalised.matchAll(OWN_IMAGE)].map((m) => Number(m[2])))];
}

/** True when the HTML shows nothing: no text (whitespace and `&nbsp;` aside) and no image. */
export function isBlankHtml(html: string): boolean {
  if (/<img\b/i.test(html)) return false;
  return (
    html
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;|&#160;|&#xa0;/gi, ' ')
      .trim() === ''
  );
}

/**
 * An agent's HTML (a reply or note from the rich-text editor: never trusted) made safe as
 * mail HTML is (sanitizeMailHtml), keeping as images only the attachments in `ownImages`
 * (the agent's inline uploads now linked to the message). Null when nothing is left to show:
 * the message is then text only.
 */
export function sanitizeAgentHtml(html: string, ownImages: ReadonlySet<number>): string | null {
  const clean = sanitizeMailHtml(html, new Map(), ownImages).trim();
  return isBlankHtml(clean) ? null : clean;
}

/**
 * Stored (sanitised) HTML with each image showing one of `sources`' attachments (id → the
 * source to use instead of our URL) pointed there. Others stay as they are.
 */
export function withImageSources(html: string, sources: ReadonlyMap<number, string>): string {
  return html.replace(OWN_IMAGE, (whole, start: string, id: string) => {
    const src = sources.get(Number(id));
    return src ? `${start}${src.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"` : whole;
  });
}

/**
 * Stored HTML for a mail: each image showing one of `images` (attachment id → its Content-ID)
 * points at `cid:` instead of our URL, for the inline part the mail carries. Others stay as they are.
 */
export const withCidImages = (html: string, images: ReadonlyMap<number, string>) =>
  withImageSources(html, new Map([...images].map(([id, cid]) => [id, `cid:${cid}`])));
