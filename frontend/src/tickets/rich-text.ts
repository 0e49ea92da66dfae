/**
 * The rich-text composer's content as the api wants it: the text alternative (`body`) written
 * from the same document as the HTML, whether the HTML says more than the text, what is left
 * after a send, and which links are allowed. Pure functions over ProseMirror nodes.
 */
import type { JSONContent } from '@tiptap/react';
import type { Node as PmNode } from '@tiptap/pm/model';

/** Links the editor makes: web pages and mail addresses only (the api's sanitiser agrees). */
const SAFE_LINK = /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i;

/**
 * The URL an agent typed for a link, made absolute (`example.org/x` → `https://example.org/x`,
 * `dana@example.org` → `mailto:`), or null when it is not an http(s) or mailto link.
 */
export function safeLinkUrl(typed: string): string | null {
  const s = typed.trim();
  if (!s) return null;
  const url = /^[^\s:/@]+@[^\s@]+\.[^\s@]+$/.test(s)
    ? `mailto:${s}`
    : /^[a-z][a-z0-9+.-]*:/i.test(s)
      ? s
      : `https://${s}`;
  return SAFE_LINK.test(url) ? url : null;
}

/** An inline node's text: a line break, an image's `[image: alt]`, a link's URL after its words. */
function inlineText(node: PmNode): string {
  let out = '';
  node.forEach((child) => {
    if (child.isText) {
      const text = child.text ?? '';
      const href = child.marks.find((m) => m.type.name === 'link')?.attrs.href as string | undefined;
      out += href && href !== text && href !== `mailto:${text}` ? `${text} <${href}>` : text;
    } else if (child.type.name === 'hardBreak') out += '\n';
    else if (child.type.name === 'image') out += `[image: ${(child.attrs.alt as string | null) || 'image'}]`;
    else out += child.textContent;
  });
  return out;
}

const indent = (s: string, prefix: string, rest = ' '.repeat(prefix.length)) =>
  s
    .split('\n')
    .map((l, i) => (i === 0 ? prefix : rest) + l)
    .join('\n');

/** A block's text: paragraphs, lists as `- ` / `1. ` lines, quotes as `> ` lines. */
function blockText(node: PmNode): string {
  switch (node.type.name) {
    case 'bulletList':
    case 'orderedList': {
      const items: string[] = [];
      const start = (node.attrs.start as number | undefined) ?? 1;
      node.forEach((item, _, i) => {
        const marker = node.type.name === 'bulletList' ? '- ' : `${start + i}. `;
        items.push(indent(blocksText(item, '\n'), marker));
      });
      return items.join('\n');
    }
    case 'blockquote':
      return blocksText(node)
        .split('\n')
        .map((l) => (l ? `> ${l}` : '>'))
        .join('\n');
    case 'horizontalRule':
      return '---';
    case 'image':
      return `[image: ${(node.attrs.alt as string | null) || 'image'}]`;
    default:
      return node.isTextblock ? inlineText(node) : blocksText(node);
  }
}

function blocksText(node: PmNode, separator = '\n\n'): string {
  const parts: string[] = [];
  node.forEach((child) => parts.push(blockText(child)));
  return parts.join(separator);
}

/** The document as plain text: the reply's text alternative and what search and previews read. */
export const docText = (doc: PmNode) => blocksText(doc).replace(/\s+$/, '');

/**
 * True when the document is only paragraphs of unformatted text (line breaks aside): its text
 * says everything, so it is sent without HTML (and shown as text, as before).
 */
export function isPlainDoc(doc: PmNode): boolean {
  let plain = true;
  doc.descendants((node, _pos, parent) => {
    if (!plain) return false;
    if (parent === doc && node.type.name !== 'paragraph') plain = false;
    else if (node.isText && node.marks.length) plain = false;
    else if (node.isInline && !node.isText && node.type.name !== 'hardBreak') plain = false;
    return plain;
  });
  return plain;
}

/**
 * What stays in the composer once `sent` (the document sent) went out while the agent kept
 * writing (`now`): `clear` when nothing was added, `keep` when the sent part itself was edited
 * (nothing is silently lost), else `cut` at `to`: delete up to there and what was typed after remains.
 */
export function afterSendingDoc(
  now: PmNode,
  sent: PmNode,
): { kind: 'clear' } | { kind: 'keep' } | { kind: 'cut'; to: number } {
  const diff = now.content.findDiffStart(sent.content);
  if (diff === null) return { kind: 'clear' };
  // Where the sent words end: past its last text or leaf (an edit before that changed what was sent).
  let end = 0;
  sent.descendants((node, pos) => {
    if (node.isLeaf || node.isText) end = Math.max(end, pos + node.nodeSize);
    return true;
  });
  return diff < end ? { kind: 'keep' } : { kind: 'cut', to: diff };
}

/** Text (a macro's reply) as editor content: blank lines make paragraphs, single line breaks stay breaks. */
export function textToContent(text: string): JSONContent[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map((para) => ({
      type: 'paragraph',
      content: para
        .split('\n')
        .flatMap((line, i): JSONContent[] => [
          ...(i > 0 ? [{ type: 'hardBreak' }] : []),
          ...(line ? [{ type: 'text', text: line }] : []),
        ]),
    }));
}
