'use client';

import { type ReactNode, useEffect, useRef } from 'react';
import { Icon } from '../icons';
import styles from './compose.module.css';

type Command = { label: string; text: ReactNode; run: () => void };

const LINK = /^(https?:|mailto:)\S+$/i;

/**
 * The message body: a contentEditable region producing HTML. execCommand is deprecated but still the
 * only built-in way to format an editable region, and every browser we support implements these.
 */
export function BodyEditor({
  initialHtml,
  onChange,
}: {
  initialHtml: string;
  onChange: (html: string) => void;
}) {
  const editor = useRef<HTMLDivElement>(null);
  // Uncontrolled after the first render: writing innerHTML on every keystroke would move the caret.
  useEffect(() => {
    if (editor.current) editor.current.innerHTML = initialHtml;
  }, [initialHtml]);

  const exec = (command: string, value?: string) => {
    editor.current?.focus();
    document.execCommand(command, false, value);
    if (editor.current) onChange(editor.current.innerHTML);
  };
  const commands: Command[] = [
    { label: 'Bold', text: 'B', run: () => exec('bold') },
    { label: 'Italic', text: 'I', run: () => exec('italic') },
    { label: 'Bulleted list', text: '•', run: () => exec('insertUnorderedList') },
    { label: 'Numbered list', text: '1.', run: () => exec('insertOrderedList') },
    {
      label: 'Insert link',
      text: <Icon name="link" size={16} />,
      run: () => {
        let note = '';
        for (;;) {
          const url = window.prompt(`${note}Link address (https://…, or mailto:…)`)?.trim();
          if (!url) return;
          if (LINK.test(url)) return exec('createLink', url);
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
            title={c.label}
            // Keep the selection in the editor while the button is pressed.
            onMouseDown={(event) => event.preventDefault()}
            onClick={c.run}
          >
            <span aria-hidden="true">{c.text}</span>
          </button>
        ))}
      </div>
      {/* biome-ignore lint/a11y/useSemanticElements: a textarea can't hold formatted text. */}
      <div
        ref={editor}
        className={styles.editor}
        contentEditable
        suppressContentEditableWarning
        role="textbox"
        tabIndex={0}
        aria-multiline="true"
        aria-label="Message body"
        onInput={(event) => onChange(event.currentTarget.innerHTML)}
      />
    </div>
  );
}
