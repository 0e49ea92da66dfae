import sanitizeHtml from 'sanitize-html';
import { firstSrcsetUrl, remoteImageUrl } from './remote-images';

/** An attachment's own address in the help desk, as stored HTML names inline images. */
export const ATTACHMENT_URL = /^\/api\/v1\/attachments\/(\d{1,15})$/;
/** The address of attachment `id` (what ATTACHMENT_URL matches). */
export const attachmentUrl = (id: number) => `/api/v1/attachments/${id}`;

/**
 * HTML from email, made safe for an agent's browser: an allow-list of formatting
 * tags and attributes; no scripts, handlers, forms, frames, meta/base/link, or
 * javascript: URLs. Remote images are never loaded by the browser (they track the reader
 * and leak the agent's IP): an http(s) `src` (or, without one, the first `srcset` URL) is
 * kept as `data-remote-src` only, for the api's image proxy (remote-images.ts); `srcset`,
 * `background` attributes and CSS `url()` are not kept at all. Inline images keep working
 * through their rewritten attachment URLs: `cidUrls` maps a mail's Content-IDs (lower case,
 * no brackets) to them; `ownImages` names the attachment ids whose own URL
 * (`/api/v1/attachments/{id}`, as an agent's editor writes it) an `img` may keep; every other
 * relative source is dropped.
 * The UI renders the result in a sandboxed frame as a second line of defence.
 */
export function sanitizeMailHtml(
  html: string,
  cidUrls: Map<string, string>,
  ownImages: { has(id: number): boolean } = new Set<number>(),
): string {
  return sanitizeHtml(html, {
    allowedTags: [
      'a',
      'abbr',
      'b',
      'blockquote',
      'br',
      'caption',
      'cite',
      'code',
      'col',
      'colgroup',
      'dd',
      'del',
      'div',
      'dl',
      'dt',
      'em',
      'font',
      'h1',
      'h2',
      'h3',
      'h4',
      'h5',
      'h6',
      'hr',
      'i',
      'img',
      'ins',
      'kbd',
      'li',
      'mark',
      'ol',
      'p',
      'pre',
      'q',
      's',
      'small',
      'span',
      'strike',
      'strong',
      'sub',
      'sup',
      'table',
      'tbody',
      'td',
      'tfoot',
      'th',
      'thead',
      'tr',
      'u',
      'ul',
      'center',
    ],
    allowedAttributes: {
      a: ['href', 'title', 'name', 'rel', 'target'],
      img: ['src', 'alt', 'title', 'width', 'height', 'data-remote-src'],
      td: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      th: ['colspan', 'rowspan', 'align', 'valign', 'width'],
      table: ['width', 'border', 'cellpadding', 'cellspacing', 'align'],
      font: ['color', 'size', 'face'],
      '*': ['style', 'dir', 'lang', 'align', 'class'],
    },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: [] },
    allowedStyles: {
      '*': {
        color: [/^[#\w\s(),.%-]+$/],
        'background-color': [/^[#\w\s(),.%-]+$/],
        'text-align': [/^(left|right|center|justify)$/],
        'font-weight': [/^\w+$/],
        'font-style': [/^\w+$/],
        'text-decoration': [/^[\w\s-]+$/],
        'font-size': [/^[\d.]+(px|pt|em|rem|%)$/],
      },
    },
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
      img: (tagName, attribs) => {
        const { src: _src, srcset, 'data-remote-src': remoteSrc, ...rest } = attribs;
        const src = attribs.src ?? '';
        const cid = /^cid:(.+)$/i.exec(src);
        const url = cid ? cidUrls.get(cid[1].replace(/^<|>$/g, '').toLowerCase()) : undefined;
        if (url) return { tagName, attribs: { ...rest, src: url } };
        const own = ATTACHMENT_URL.exec(src.trim());
        if (own && ownImages.has(Number(own[1])))
          return { tagName, attribs: { ...rest, src: attachmentUrl(Number(own[1])) } };
        // Sanitising stored HTML again (the portal) finds the remote URL where we put it.
        const remote = remoteImageUrl(attribs.src ?? firstSrcsetUrl(srcset) ?? remoteSrc);
        return { tagName, attribs: remote ? { ...rest, 'data-remote-src': remote } : rest };
      },
    },
    // Relative URLs would resolve against the help desk itself; rewritten cid: URLs are ours.
    allowProtocolRelative: false,
    exclusiveFilter: (frame) =>
      frame.tag === 'img' && !frame.attribs.src && !frame.attribs.alt && !frame.attribs['data-remote-src'],
  });
}
