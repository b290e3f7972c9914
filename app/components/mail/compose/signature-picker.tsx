'use client';

import type { Editor } from '@tiptap/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ComposeStart, useDraft } from '@/lib/hooks/use-compose';
import { useSignatures } from '@/lib/hooks/use-signatures';
import { sanitizeForEditor } from '@/lib/mail/editor-html';
import { bodyWithSignature, SIGNATURE_ATTRIBUTE, signatureBlock } from '@/lib/mail/signatures-block';
import type { SignatureDto } from '@/lib/mail/types';
import styles from './signature-picker.module.css';

const NONE = '';
const UNKNOWN = '?';

/** Where the signature node sits in the editor's document, if there is one. */
function signatureRange(editor: Editor): { from: number; to: number } | null {
  let range: { from: number; to: number } | null = null;
  editor.state.doc.forEach((node, offset) => {
    if (!range && node.type.name === 'signature') range = { from: offset, to: offset + node.nodeSize };
  });
  return range;
}

/** Puts `html` in place of the body's signature (at the end when it has none), or removes it for null. */
function replaceSignature(editor: Editor, html: string | null) {
  const range = signatureRange(editor);
  const block = html === null ? null : signatureBlock(sanitizeForEditor(html));
  if (range && block) editor.chain().insertContentAt(range, block).run();
  else if (range) editor.chain().deleteRange(range).run();
  else if (block) editor.chain().insertContentAt(editor.state.doc.content.size, block).run();
}

/**
 * The signature of the message being written. A new message opens with the default signature for new
 * mail (put in without counting as an edit); a reply or forward comes from the server with the default for
 * replies already above the quote (lib/mail/compose.ts). The picker switches or removes it in the editor.
 */
export function useComposeSignature(start: ComposeStart, draft: ReturnType<typeof useDraft>) {
  const { signatures } = useSignatures();
  const [editor, setEditor] = useState<Editor | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const placed = useRef(false);
  const { loadState, presetBody } = draft;
  const body = draft.fields.bodyHtml;

  useEffect(() => {
    if (placed.current || !signatures || loadState !== 'ready') return;
    placed.current = true;
    const hasSignature = body.includes(SIGNATURE_ATTRIBUTE);
    if (start.kind === 'new') {
      const preferred = signatures.find((s) => s.isDefaultNew);
      // Only into an empty body: words already typed (the list came late) are not moved about.
      if (preferred && body === '') {
        presetBody(bodyWithSignature(sanitizeForEditor(preferred.html)));
        setChosen(preferred.id);
      }
    } else if (start.kind !== 'resume' && hasSignature) {
      setChosen(signatures.find((s) => s.isDefaultReply)?.id ?? UNKNOWN);
    } else if (hasSignature) setChosen(UNKNOWN);
  }, [signatures, loadState, body, start.kind, presetBody]);

  const pick = useCallback(
    (id: string) => {
      if (!editor) return;
      const signature = signatures?.find((s) => s.id === id);
      replaceSignature(editor, signature ? signature.html : null);
      setChosen(signature ? signature.id : null);
    },
    [editor, signatures],
  );

  return {
    onEditor: setEditor,
    picker: { signatures: signatures ?? [], chosen, ready: editor !== null, onPick: pick },
  };
}

/** Compose's signature menu: switch to another signature or remove it. Hidden until the person has one. */
export function SignaturePicker({
  signatures,
  chosen,
  ready,
  onPick,
}: {
  signatures: SignatureDto[];
  chosen: string | null;
  ready: boolean;
  onPick: (id: string) => void;
}) {
  if (signatures.length === 0) return null;
  return (
    <label className={styles.picker}>
      <span className={styles.label}>Signature</span>
      <select
        className={styles.select}
        value={chosen ?? NONE}
        disabled={!ready}
        onChange={(event) => onPick(event.target.value)}
      >
        {chosen === UNKNOWN ? (
          <option value={UNKNOWN} disabled>
            As written
          </option>
        ) : null}
        <option value={NONE}>No signature</option>
        {signatures.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
    </label>
  );
}
