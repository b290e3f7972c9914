'use client';

import { type Editor, EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { type ReactNode, useEffect } from 'react';
import { sanitizeForEditor } from '@/lib/mail/editor-html';
import { Icon } from '../icons';
import styles from './compose.module.css';
import { SignatureNode } from './signature-node';

type Command = { label: string; text: ReactNode; run: () => void; active?: boolean };

const LINK = /^(https?:|mailto:)\S+$/i;

/**
 * The message body, a TipTap editor. Its document model holds only the marks and nodes below (paragraphs,
 * lists, quotes, bold, italic, links to web or mail addresses), so whatever HTML it is fed, nothing that
 * runs script or fetches can live in it; the HTML is also sanitized before it is parsed.
 */
export function BodyEditor({
  initialHtml,
  onChange,
  label = 'Message body',
  onEditor,
}: {
  initialHtml: string;
  onChange: (html: string) => void;
  /** The editor's accessible name (Settings has more than one). */
  label?: string;
  /** Hands the editor to a part of the pane that edits the body too (the signature picker). */
  onEditor?: (editor: Editor | null) => void;
}) {
  const editor = useEditor({
    // Rendered in the browser only: the server has nothing to show before the draft loads.
    immediatelyRender: false,
    extensions: [
      StarterKit.configure({
        codeBlock: false,
        horizontalRule: false,
        heading: { levels: [1, 2, 3] },
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: 'https',
          protocols: ['mailto'],
          isAllowedUri: (url) => LINK.test(url),
          HTMLAttributes: { rel: 'noopener noreferrer', target: '_blank' },
        },
      }),
      SignatureNode,
    ],
    editorProps: {
      // Pasted HTML (from a web page, another mail) passes the same sanitizer as a loaded draft.
      transformPastedHTML: (html) => sanitizeForEditor(html),
      // Escape (close) and Ctrl+Enter (send) belong to the compose pane: ProseMirror would otherwise
      // swallow them (it prevents the default of every Enter and Escape).
      handleDOMEvents: {
        keydown: (_view, event) =>
          event.key === 'Escape' || (event.key === 'Enter' && (event.ctrlKey || event.metaKey)),
      },
      attributes: {
        class: styles.editor ?? '',
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': label,
      },
    },
    onUpdate: ({ editor: current }) => onChange(current.isEmpty ? '' : current.getHTML()),
  });

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  // Uncontrolled after loading: setting content on every keystroke would move the caret.
  useEffect(() => {
    if (!editor) return;
    editor.commands.setContent(sanitizeForEditor(initialHtml), { emitUpdate: false });
  }, [editor, initialHtml]);

  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      bold: current?.isActive('bold') ?? false,
      italic: current?.isActive('italic') ?? false,
      bulletList: current?.isActive('bulletList') ?? false,
      orderedList: current?.isActive('orderedList') ?? false,
      link: current?.isActive('link') ?? false,
    }),
  });

  const chain = () => editor?.chain().focus();
  const commands: Command[] = [
    { label: 'Bold', text: 'B', run: () => chain()?.toggleBold().run(), active: active?.bold },
    { label: 'Italic', text: 'I', run: () => chain()?.toggleItalic().run(), active: active?.italic },
    {
      label: 'Bulleted list',
      text: '•',
      run: () => chain()?.toggleBulletList().run(),
      active: active?.bulletList,
    },
    {
      label: 'Numbered list',
      text: '1.',
      run: () => chain()?.toggleOrderedList().run(),
      active: active?.orderedList,
    },
    {
      label: 'Insert link',
      text: <Icon name="link" size={16} />,
      active: active?.link,
      run: () => {
        let note = '';
        for (;;) {
          const url = window.prompt(`${note}Link address (https://…, or mailto:…)`)?.trim();
          if (!url) return;
          if (LINK.test(url)) {
            const selection = editor?.state.selection;
            // With nothing selected the address itself becomes the link's text.
            if (selection?.empty)
              chain()
                ?.insertContent({ type: 'text', text: url, marks: [{ type: 'link', attrs: { href: url } }] })
                .run();
            else chain()?.extendMarkRange('link').setLink({ href: url }).run();
            return;
          }
          note = `“${url}” isn’t a web or mail address. `;
        }
      },
    },
  ];

  return (
    <div className={styles.editorWrap}>
      <div role="toolbar" aria-label="Formatting" className={styles.formatBar}>
        {commands.map((c) => (
          <button
            key={c.label}
            type="button"
            className={styles.formatButton}
            aria-label={c.label}
            aria-pressed={c.label === 'Insert link' ? undefined : (c.active ?? false)}
            title={c.label}
            disabled={!editor}
            // Keep the selection in the editor while the button is pressed.
            onMouseDown={(event) => event.preventDefault()}
            onClick={c.run}
          >
            <span aria-hidden="true">{c.text}</span>
          </button>
        ))}
      </div>
      <EditorContent editor={editor} className={styles.editorHost} />
    </div>
  );
}
