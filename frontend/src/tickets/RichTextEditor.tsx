import { ActionIcon, Group, Text } from '@mantine/core';
import Image from '@tiptap/extension-image';
import type { EditorView } from '@tiptap/pm/view';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { forwardRef, useEffect, useImperativeHandle, useRef, type ReactNode } from 'react';
import { en } from '../i18n/en';
import { OutlineIcon } from '../ui/icons';
import type { MentionTarget } from './MentionSuggestions';
import { afterSendingDoc, docText, isPlainDoc, safeLinkUrl, textToContent } from './rich-text';
import classes from './RichTextEditor.module.css';

/** What the editor holds: the text alternative, and the HTML when the text does not say it all (else null). */
export interface RichContent {
  text: string;
  html: string | null;
}

/** A document as it was sent, for `afterSending`. */
export type SentSnapshot = Editor['state']['doc'];

export interface RichTextHandle extends MentionTarget {
  focus(): void;
  /** Inserts text at the caret (blank lines make paragraphs) and focuses the editor. */
  insertText(text: string): void;
  /** Replaces everything (a draft restored): `html` when there is some, else the text. */
  setContent(content: { text: string; html?: string | null }): void;
  /** The document now, to call `afterSending` with once it is sent. */
  snapshot(): SentSnapshot;
  /** After `sent` went out: empty the editor, or keep what was typed since (or everything, if the sent part was edited). */
  afterSending(sent: SentSnapshot): void;
}

interface Props {
  id: string;
  label: string;
  placeholder: string;
  onChange: (content: RichContent) => void;
  /** The caret moved or the text changed (the @-mention popup follows it). */
  onCaret?: () => void;
  /** Runs first on each key; true when it handled the key (the editor then ignores it). */
  onKeyDown?: (e: KeyboardEvent) => boolean;
  /** Uploads a pasted or dropped image as an inline image; resolves to its URL, or null when it failed. */
  uploadImage: (file: File) => Promise<string | null>;
  /** Extra attributes of the editable element (aria for the mention popup). */
  aria?: Record<string, string | boolean | undefined>;
  /** Tints the editor (an internal note). */
  tone?: 'note';
}

const IMAGE = /^image\/(png|jpeg|gif|webp)$/;
const imagesOf = (data: DataTransfer | null) => [...(data?.files ?? [])].filter((f) => IMAGE.test(f.type));

const content = (editor: Editor): RichContent => ({
  text: docText(editor.state.doc),
  html: isPlainDoc(editor.state.doc) ? null : editor.getHTML(),
});

/**
 * The composer's rich-text editor (tiptap): bold, italic, bulleted and numbered lists, links
 * (http(s) and mailto only), quotes, with tiptap's keyboard shortcuts (Ctrl/Cmd+B, I, Shift+8,
 * Shift+7, Shift+B; Ctrl/Cmd+K for a link). Pasted or dropped images are uploaded as inline
 * images and shown by their attachment URL. The editable element is a labelled multi-line
 * textbox with `id`; the toolbar's buttons say whether they are on (`aria-pressed`).
 */
export const RichTextEditor = forwardRef<RichTextHandle, Props>(function RichTextEditor(
  { id, label, placeholder, onChange, onCaret, onKeyDown, uploadImage, aria, tone },
  ref,
) {
  // The editor is made once; these read the latest props.
  const latest = useRef({ onChange, onCaret, onKeyDown, uploadImage, aria, label, placeholder });
  latest.current = { onChange, onCaret, onKeyDown, uploadImage, aria, label, placeholder };

  const insertImages = (view: EditorView, files: File[], at: number) => {
    for (const file of files) {
      void latest.current.uploadImage(file).then((src) => {
        if (!src || view.isDestroyed) return;
        const { state } = view;
        const node = state.schema.nodes.image.create({ src, alt: file.name || 'image' });
        view.dispatch(state.tr.insert(Math.min(at, state.doc.content.size), node));
      });
    }
  };

  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: false,
        codeBlock: false,
        horizontalRule: false,
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          isAllowedUri: (url) => safeLinkUrl(url) === url,
        },
      }),
      Image.configure({ inline: true, allowBase64: false }),
    ],
    editorProps: {
      attributes: () => ({
        id,
        'aria-label': latest.current.label,
        'aria-multiline': 'true',
        'aria-placeholder': latest.current.placeholder,
        class: classes.editable,
        ...Object.fromEntries(
          Object.entries(latest.current.aria ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k, String(v)]])),
        ),
      }),
      handleKeyDown: (view, e) => {
        if (latest.current.onKeyDown?.(e)) return true;
        if (e.key === 'k' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          if (editorRef.current) promptLink(editorRef.current);
          return true;
        }
        return false;
      },
      handlePaste: (view, e) => {
        const files = imagesOf(e.clipboardData);
        if (!files.length) return false;
        e.preventDefault();
        insertImages(view, files, view.state.selection.from);
        return true;
      },
      handleDrop: (view, e) => {
        const files = imagesOf(e.dataTransfer);
        if (!files.length) return false;
        e.preventDefault();
        const at = view.posAtCoords({ left: e.clientX, top: e.clientY })?.pos ?? view.state.selection.from;
        insertImages(view, files, at);
        return true;
      },
    },
    onUpdate: ({ editor }) => {
      latest.current.onChange(content(editor));
      latest.current.onCaret?.();
    },
    onSelectionUpdate: () => latest.current.onCaret?.(),
  });
  const editorRef = useRef(editor);
  editorRef.current = editor;

  // The editable's attributes are computed on each update: apply a new label or mention state now.
  const attrs = JSON.stringify([label, placeholder, aria]);
  useEffect(() => {
    if (!editor.isDestroyed) editor.view.updateState(editor.state);
  }, [editor, attrs]);

  useImperativeHandle(
    ref,
    () => ({
      focus() {
        // At once: tiptap's focus command waits for the next frame, and keys typed right after
        // the shortcut (r, n) would land on the page meanwhile (the "a" of "Half" assigns).
        if (!editor.isDestroyed) editor.view.focus();
      },
      insertText(text) {
        editor.chain().focus().insertContent(textToContent(text)).run();
      },
      setContent({ text, html }) {
        editor.commands.setContent(html || { type: 'doc', content: textToContent(text) }, { emitUpdate: true });
      },
      snapshot: () => editor.state.doc,
      afterSending(sent) {
        const what = afterSendingDoc(editor.state.doc, sent);
        if (what.kind === 'keep') return;
        if (what.kind === 'clear') {
          editor.commands.clearContent(true);
          return;
        }
        const { tr } = editor.state;
        tr.delete(0, what.to);
        // What was typed after a space or a line break starts the new text without it.
        const first = tr.doc.firstChild;
        const lead = first?.isTextblock ? (/^\s+/.exec(first.textContent)?.[0].length ?? 0) : 0;
        if (lead) tr.delete(1, 1 + lead);
        editor.view.dispatch(tr);
      },
      textBeforeCaret() {
        const { $from, empty } = editor.state.selection;
        return empty ? $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc') : null;
      },
      replaceBeforeCaret(length, text) {
        const { from } = editor.state.selection;
        editor.view.dispatch(editor.state.tr.insertText(text, from - length, from));
        editor.commands.focus();
      },
    }),
    [editor],
  );

  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      link: e.isActive('link'),
      blockquote: e.isActive('blockquote'),
      empty: e.isEmpty,
    }),
  });

  const t = en.editor;
  return (
    <div className={classes.root} data-tone={tone}>
      <Group gap={2} className={classes.toolbar} role="toolbar" aria-label={t.toolbar} aria-controls={id}>
        <ToolButton label={t.bold} keys="Ctrl+B" on={state.bold} run={() => editor.chain().focus().toggleBold().run()}>
          <b>B</b>
        </ToolButton>
        <ToolButton
          label={t.italic}
          keys="Ctrl+I"
          on={state.italic}
          run={() => editor.chain().focus().toggleItalic().run()}
        >
          <i style={{ fontFamily: 'serif' }}>I</i>
        </ToolButton>
        <ToolButton
          label={t.bulletList}
          keys="Ctrl+Shift+8"
          on={state.bulletList}
          run={() => editor.chain().focus().toggleBulletList().run()}
        >
          <OutlineIcon>
            <path d="M9 6h11M9 12h11M9 18h11" />
            <circle cx="4.5" cy="6" r="1" />
            <circle cx="4.5" cy="12" r="1" />
            <circle cx="4.5" cy="18" r="1" />
          </OutlineIcon>
        </ToolButton>
        <ToolButton
          label={t.orderedList}
          keys="Ctrl+Shift+7"
          on={state.orderedList}
          run={() => editor.chain().focus().toggleOrderedList().run()}
        >
          <OutlineIcon>
            <path d="M10 6h10M10 12h10M10 18h10M4 4.5l1.5-1V9M3.5 14.5a1.5 1.5 0 0 1 3 .5L3.5 19h3" />
          </OutlineIcon>
        </ToolButton>
        <ToolButton label={t.link} keys="Ctrl+K" on={state.link} run={() => promptLink(editor)}>
          <OutlineIcon>
            <path d="M10 13a5 5 0 0 0 7.5.5l3-3a5 5 0 0 0-7-7l-1.5 1.5" />
            <path d="M14 11a5 5 0 0 0-7.5-.5l-3 3a5 5 0 0 0 7 7l1.5-1.5" />
          </OutlineIcon>
        </ToolButton>
        <ToolButton
          label={t.quote}
          keys="Ctrl+Shift+B"
          on={state.blockquote}
          run={() => editor.chain().focus().toggleBlockquote().run()}
        >
          <OutlineIcon>
            <path d="M4 5v14M9 7h11M9 12h11M9 17h7" />
          </OutlineIcon>
        </ToolButton>
      </Group>
      <div className={classes.area}>
        {state.empty && (
          <Text className={classes.placeholder} size="sm" aria-hidden="true">
            {placeholder}
          </Text>
        )}
        <EditorContent editor={editor} />
      </div>
    </div>
  );
});

/** Asks for a link's address (http(s) or mailto only) and links the selection, or the word at the caret. */
function promptLink(editor: Editor) {
  const current = (editor.getAttributes('link').href as string | undefined) ?? '';
  const typed = window.prompt(en.editor.linkPrompt, current);
  if (typed === null) return;
  if (!typed.trim()) {
    editor.chain().focus().extendMarkRange('link').unsetLink().run();
    return;
  }
  const href = safeLinkUrl(typed);
  if (!href) {
    window.alert(en.editor.linkInvalid);
    return;
  }
  if (editor.state.selection.empty && !editor.isActive('link'))
    editor
      .chain()
      .focus()
      .insertContent({ type: 'text', text: typed.trim(), marks: [{ type: 'link', attrs: { href } }] })
      .run();
  else editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
}

function ToolButton({
  label,
  keys,
  on,
  run,
  children,
}: {
  label: string;
  keys: string;
  on: boolean;
  run: () => void;
  children: ReactNode;
}) {
  return (
    <ActionIcon
      variant={on ? 'light' : 'subtle'}
      color={on ? undefined : 'gray'}
      size="md"
      aria-label={label}
      aria-pressed={on}
      title={`${label} (${keys})`}
      // Keeps the editor's selection: the button acts on it without taking the focus.
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {children}
    </ActionIcon>
  );
}
