/**
 * Remote images of sanitised mail HTML. The sanitiser never leaves a remote URL where a
 * browser would load it: an `<img>` whose source is on another server keeps that URL as
 * `data-remote-src` only (no `src`, no `srcset`), so the message shows a placeholder
 * until an agent asks for the images, which the api then fetches for them
 * (remote-images/). The n-th remote image is the n-th `data-remote-src` in document order,
 * the same order `querySelectorAll('img[data-remote-src]')` gives the UI.
 */

/** The longest remote image URL kept (longer ones are dropped: no mail needs them). */
export const MAX_REMOTE_URL = 2048;

/** The http(s) URL `value` names, normalised, or null for anything else (relative, other schemes, too long). */
export function remoteImageUrl(value: string | undefined): string | null {
  const raw = value?.trim();
  if (!raw || raw.length > MAX_REMOTE_URL) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The first URL of a `srcset` (`a.png 1x, b.png 2x`), for an image that has no `src`. */
export function firstSrcsetUrl(srcset: string | undefined): string | undefined {
  return srcset?.trim().split(/\s+/)[0]?.replace(/,$/, '') || undefined;
}

// sanitize-html writes every attribute double-quoted with &, <, > and " escaped, and
// escapes < in text, so on its output this finds exactly the images' attributes.
const REMOTE_ATTR = /<img\b[^>]*?\sdata-remote-src="([^"]*)"/gi;

const unescape = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  );

/** The remote image URLs of sanitised HTML, in document order (repeats kept: n counts images, not URLs). */
export function remoteImageUrls(sanitisedHtml: string | null): string[] {
  if (!sanitisedHtml || !sanitisedHtml.includes('data-remote-src')) return [];
  return [...sanitisedHtml.matchAll(REMOTE_ATTR)].map((m) => unescape(m[1]));
}
