'use client';

import { useEffect, useRef, useState } from 'react';
import { drawPdf, MAX_PAGES, type PdfStatus } from './pdf-draw';
import styles from './pdf-pages.module.css';

/** A PDF attachment's pages, one under the other, drawn by pdf.js (pdf-draw.ts). */
export function PdfPages({ url, name }: { url: string; name: string }) {
  const pages = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<PdfStatus>({ kind: 'loading' });
  useEffect(() => {
    const container = pages.current;
    if (!container) return;
    const abort = new AbortController();
    setStatus({ kind: 'loading' });
    drawPdf(url, container, abort.signal, (next) => {
      if (!abort.signal.aborted) setStatus(next);
    }).catch((error: unknown) => {
      if (abort.signal.aborted) return;
      console.warn('The PDF could not be shown', error);
      setStatus({
        kind: 'failed',
        message: 'This PDF can’t be shown here. Download it to open it in another app.',
      });
    });
    return () => {
      abort.abort();
      container.replaceChildren();
    };
  }, [url]);
  const over = status.kind === 'drawing' && status.pages > MAX_PAGES;
  return (
    <section
      className={styles.scroller}
      aria-label={`Pages of ${name}`}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the pages scroll; the keyboard must be able to scroll them.
      tabIndex={0}
      data-pdf-status={status.kind}
    >
      {status.kind === 'loading' ? (
        <p className={styles.note} role="status">
          Opening the PDF…
        </p>
      ) : null}
      {status.kind === 'failed' ? (
        <p className={styles.note} role="alert">
          {status.message}
        </p>
      ) : null}
      <div ref={pages} className={styles.pages} />
      {over ? (
        <p className={styles.note}>
          Showing the first {MAX_PAGES} of {status.pages} pages. Download the file to read the rest.
        </p>
      ) : null}
    </section>
  );
}
