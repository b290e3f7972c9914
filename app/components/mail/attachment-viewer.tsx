'use client';

import { fileKindLabel, previewUrl } from '@/lib/mail/attachment-kind';
import type { AttachmentDto } from '@/lib/mail/types';
import { AttachmentDialog } from './attachment-dialog';
import styles from './attachment-viewer.module.css';
import { formatSize } from './format';
import { PdfPages } from './pdf-pages';

/*
 * A PDF or text attachment in a modal <dialog> (focus kept inside by the browser, Escape closes it).
 *
 * Text is shown by the browser itself in a frame sandboxed with nothing allowed (no scripts, no same
 * origin, no forms, no popups), whose answer is text/plain with nosniff and a CSP with `sandbox`: markup
 * in it shows as the characters it is.
 *
 * A PDF is drawn by pdf.js on canvases in this page, not by the browser's viewer in such a frame:
 * Chromium never shows a PDF in a frame with a `sandbox` attribute, whatever it allows (it shows its
 * "blocked" page; checked with Chromium 156), so the frame would have had to lose its sandbox and rely on
 * the answer's CSP alone, in Chromium only. pdf.js works in every browser; here it reads the PDF as data
 * (fetched, never navigated to), runs no JavaScript from it (scripting is a separate bundle we don't load),
 * compiles nothing (isEvalSupported: false, and the page's CSP has no 'unsafe-eval'), and draws pixels only: no links, forms or annotations layer.
 */
export function AttachmentViewer({
  file,
  kind,
  onClose,
}: {
  file: AttachmentDto;
  kind: 'pdf' | 'text';
  onClose: () => void;
}) {
  const url = previewUrl(file.url);
  return (
    <AttachmentDialog
      name={file.name}
      downloadUrl={file.url}
      width={980}
      height={1000}
      beside={
        <span className={styles.meta}>
          {fileKindLabel(file.name, file.contentType)}, {formatSize(file.size)}
        </span>
      }
      onClose={onClose}
    >
      {kind === 'text' ? (
        <iframe
          className={styles.textFrame}
          sandbox=""
          src={url}
          title={`Contents of ${file.name}`}
          referrerPolicy="no-referrer"
        />
      ) : (
        <PdfPages url={url} name={file.name} />
      )}
    </AttachmentDialog>
  );
}
