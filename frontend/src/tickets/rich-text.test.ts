import Image from '@tiptap/extension-image';
import { getSchema } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { docText, isPlainDoc, safeLinkUrl, textToContent } from './rich-text';

const schema = getSchema([StarterKit, Image.configure({ inline: true })]);
const text = (s: string) => ({ type: 'text', text: s });
const p = (...content: object[]) => ({ type: 'paragraph', content });
const doc = (...content: object[]) => schema.nodeFromJSON({ type: 'doc', content });

describe('rich text', () => {
  it('writes the text alternative: lists, quotes, links, images, line breaks', () => {
    const d = doc(
      p(text('Please '), { ...text('restart'), marks: [{ type: 'bold' }] }, text(' it:')),
      {
        type: 'bulletList',
        content: [
          { type: 'listItem', content: [p(text('hold power'))] },
          { type: 'listItem', content: [p(text('wait'))] },
        ],
      },
      { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [p(text('three'))] }] },
      { type: 'blockquote', content: [p(text('quoted'), { type: 'hardBreak' }, text('twice'))] },
      p({ ...text('the guide'), marks: [{ type: 'link', attrs: { href: 'https://x.example/g' } }] }, text(' '), {
        type: 'image',
        attrs: { src: '/api/v1/attachments/4', alt: 'screen.png' },
      }),
    );
    expect(docText(d)).toBe(
      'Please restart it:\n\n- hold power\n- wait\n\n3. three\n\n> quoted\n> twice\n\nthe guide <https://x.example/g> [image: screen.png]',
    );
    expect(isPlainDoc(d)).toBe(false);
  });

  it('sends unformatted paragraphs as text only', () => {
    const d = doc(...textToContent('Hello Ivy,\n\nyour refund\nis on its way.'));
    expect(isPlainDoc(d)).toBe(true);
    expect(docText(d)).toBe('Hello Ivy,\n\nyour refund\nis on its way.');
    expect(isPlainDoc(doc(p({ ...text('x'), marks: [{ type: 'italic' }] })))).toBe(false);
  });

  it('allows web and mail links only', () => {
    expect(safeLinkUrl('https://example.org/a?b=1')).toBe('https://example.org/a?b=1');
    expect(safeLinkUrl('example.org/help')).toBe('https://example.org/help');
    expect(safeLinkUrl('dana@example.org')).toBe('mailto:dana@example.org');
    expect(safeLinkUrl('mailto:dana@example.org')).toBe('mailto:dana@example.org');
    expect(safeLinkUrl('javascript:alert(1)')).toBeNull();
    expect(safeLinkUrl('data:text/html,x')).toBeNull();
    expect(safeLinkUrl('  ')).toBeNull();
  });
});
