'use client';

import Image from '@tiptap/extension-image';
import { type Editor, EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { type ReactNode, useEffect, useRef } from 'react';
import { sanitizeForEditor } from '@/lib/mail/editor-html';
import { Icon } from '../icons';
import styles from './compose.module.css';
import { SignatureNode } from './signature-node';

type Command = { label: string; text: ReactNode; run: () => void; active?: boolean };

const LINK = /^(https?:|mailto:)\S+$/i;
const IMAGE_TYPES = 'image/png,image/jpeg,image/gif,image/webp';

/**
 * The image files a paste or drop carries, when they are what it is about. Word and some browsers put a
 * picture of copied text beside its HTML: with HTML that has text of its own, the paste is that text.
 */
function imageFiles(data: DataTransfer | null): File[] {
  if (!data) return [];
  const files = Array.from(data.files).filter((f) => f.type.startsWith('image/'));
  if (files.length === 0) return [];
  const html = data.getData('text/html');
  const text = html ? html.replace(/<[^>]*>/g, '').replace(/&nbsp;|\s/g, '') : '';
  return text ? [] : files;
}

/** Puts a picture at the caret once its upload gave it a URL (the app's route for the draft's image). */
async function insertImage(
  editor: Editor | null,
  file: File,
  upload: ((file: File) => Promise<string | null>) | undefined,
) {
  if (!editor || !upload) return;
  const src = await upload(file);
  if (!src || editor.isDestroyed) return;
  editor
    .chain()
    .focus()
    .insertContent({ type: 'image', attrs: { src, alt: file.name } })
    .run();
}

/**
 * The message body, a TipTap editor. Its document model holds only the marks and nodes below (paragraphs,
 * lists, quotes, bold, italic, links to web or mail addresses, pictures), so whatever HTML it is fed, nothing
 * that runs script can live in it, and the sanitizer it is fed through keeps only the draft's own pictures
 * (editor-html.ts), so nothing remote is fetched. Pasted, dropped or picked pictures go up as inline
 * attachments of the draft (onImage) before they appear.
 */
export function BodyEditor({
  initialHtml,
  onChange,
  label = 'Message body',
  onEditor,
  onImage,
}: {
  initialHtml: string;
  onChange: (html: string) => void;
  /** The editor's accessible name (Settings has more than one). */
  label?: string;
  /** Hands the editor to a part of the pane that edits the body too (the signature picker). */
  onEditor?: (editor: Editor | null) => void;
  /** Uploads a pasted, dropped or picked picture; resolves with the URL to show it from, or null. */
  onImage?: (file: File) => Promise<string | null>;
}) {
  // The editor's handlers are made once; the newest upload function is read through this.
  const upload = useRef(onImage);
  upload.current = onImage;
  const picker = useRef<HTMLInputElement>(null);
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
      // Only the draft's own pictures get in (editor-html.ts): no data: URLs, nothing remote, and no
      // Markdown "![](url)" shortcut that would make one from typed text.
      Image.extend({ addInputRules: () => [] }).configure({ inline: true, allowBase64: false }),
    ],
    editorProps: {
      // Pasted HTML (from a web page, another mail) passes the same sanitizer as a loaded draft.
      transformPastedHTML: (html) => sanitizeForEditor(html),
      // A pasted or dropped picture becomes an inline attachment of the draft, shown where it was put.
      handlePaste: (_view, event) => {
        const files = upload.current ? imageFiles(event.clipboardData) : [];
        if (files.length === 0) return false;
        event.preventDefault();
        for (const file of files) void insertImage(editorRef.current, file, upload.current);
        return true;
      },
      handleDrop: (view, event, _slice, moved) => {
        const files = !moved && upload.current ? imageFiles(event.dataTransfer) : [];
        if (files.length === 0) return false;
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        if (at) editorRef.current?.commands.setTextSelection(at.pos);
        for (const file of files) void insertImage(editorRef.current, file, upload.current);
        return true;
      },
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
  const editorRef = useRef<Editor | null>(null);
  editorRef.current = editor;

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
    ...(onImage
      ? [
          {
            label: 'Insert picture',
            text: <Icon name="image" size={16} />,
            run: () => picker.current?.click(),
          },
        ]
      : []),
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
            aria-pressed={c.label.startsWith('Insert') ? undefined : (c.active ?? false)}
            title={c.label}
            disabled={!editor}
            // Keep the selection in the editor while the button is pressed.
            onMouseDown={(event) => event.preventDefault()}
            onClick={c.run}
          >
            <span aria-hidden="true">{c.text}</span>
          </button>
        ))}
        {onImage ? (
          <input
            ref={picker}
            type="file"
            accept={IMAGE_TYPES}
            multiple
            hidden
            aria-label="Insert pictures"
            data-testid="compose-image-input"
            onChange={(event) => {
              for (const file of event.target.files ?? []) void insertImage(editor, file, upload.current);
              event.target.value = '';
            }}
          />
        ) : null}
      </div>
      <EditorContent editor={editor} className={styles.editorHost} />
    </div>
  );
}
