import { Transform } from '@tiptap/pm/transform';
import { getSchema, type JSONContent } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { describe, expect, it } from 'vitest';
import { afterSendingDoc, docText } from './rich-text';

const schema = getSchema([StarterKit]);
const doc = (...paragraphs: string[]) =>
  schema.nodeFromJSON({
    type: 'doc',
    content: paragraphs.map((p): JSONContent => ({ type: 'paragraph', content: p ? [{ type: 'text', text: p }] : [] })),
  });
/** The composer's text after a send: what afterSendingDoc leaves of `now` once `sent` went out. */
const after = (now: ReturnType<typeof doc>, sent: ReturnType<typeof doc>) => {
  const what = afterSendingDoc(now, sent);
  if (what.kind === 'clear') return '';
  if (what.kind === 'keep') return docText(now);
  return docText(new Transform(now).delete(0, what.to).doc).replace(/^\s+/, '');
};

describe('the composer after a send', () => {
  it('empties when nothing was typed meanwhile', () => {
    expect(afterSendingDoc(doc('Thanks, fixed.'), doc('Thanks, fixed.'))).toEqual({ kind: 'clear' });
  });

  it('keeps what the agent typed while the message was on its way', () => {
    expect(after(doc('Thanks, fixed.Facilities called'), doc('Thanks, fixed.'))).toBe('Facilities called');
    expect(after(doc('Thanks, fixed.', 'Next point'), doc('Thanks, fixed.'))).toBe('Next point');
  });

  it('keeps everything when the sent part itself was edited (nothing is silently lost)', () => {
    expect(afterSendingDoc(doc('Thanks, all fixed.'), doc('Thanks, fixed.'))).toEqual({ kind: 'keep' });
  });
});
