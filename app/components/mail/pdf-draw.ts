'use client';

/*
 * Draws a PDF's pages onto canvases with pdf.js (attachment-viewer.tsx says why not the browser's viewer).
 * The PDF is data here: fetched, parsed (on this thread, see below) and let go when the drawing is done or
 * abandoned, no string ever evaluated (isEvalSupported: false), no XFA forms, no annotation, link or text
 * layers; what reaches the page is pixels.
 */

export const MAX_PAGES = 100;
const OPEN_TIMEOUT_MS = 20_000;

export type PdfStatus =
  | { kind: 'loading' }
  | { kind: 'drawing'; pages: number; drawn: number }
  | { kind: 'failed'; message: string };

export async function drawPdf(
  url: string,
  container: HTMLElement,
  signal: AbortSignal,
  onStatus: (status: PdfStatus) => void,
): Promise<void> {
  const response = await fetch(url, { signal, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`The preview answered ${response.status}.`);
  const data = new Uint8Array(await response.arrayBuffer());
  // pdf.js parses on this page's thread ("fake worker"): a bundled Web Worker gets its start-up settings
  // from its URL's #hash, which the offline service worker's answers drop, so it would never start.
  const [pdfjs, parser] = await Promise.all([
    import('pdfjs-dist'),
    import('pdfjs-dist/build/pdf.worker.min.mjs'),
  ]);
  if (signal.aborted) return;
  (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = parser;
  const task = pdfjs.getDocument({ data, isEvalSupported: false, enableXfa: false });
  const release = () => {
    void task.destroy();
  };
  signal.addEventListener('abort', release, { once: true });
  try {
    // A PDF pdf.js neither opens nor rejects would otherwise say "Opening" for ever.
    const pdf = await Promise.race([
      task.promise,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('The PDF did not open in time.')), OPEN_TIMEOUT_MS),
      ),
    ]);
    const pages = Math.min(pdf.numPages, MAX_PAGES);
    onStatus({ kind: 'drawing', pages: pdf.numPages, drawn: 0 });
    for (let number = 1; number <= pages && !signal.aborted; number++) {
      const page = await pdf.getPage(number);
      const ratio = window.devicePixelRatio || 1;
      const fit = Math.min(2, Math.max(200, container.clientWidth) / page.getViewport({ scale: 1 }).width);
      const viewport = page.getViewport({ scale: fit * ratio });
      const canvas = document.createElement('canvas');
      canvas.width = Math.floor(viewport.width);
      canvas.height = Math.floor(viewport.height);
      canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', `Page ${number} of ${pdf.numPages}`);
      container.append(canvas);
      await page.render({ canvas, viewport }).promise;
      page.cleanup();
      onStatus({ kind: 'drawing', pages: pdf.numPages, drawn: number });
    }
  } finally {
    signal.removeEventListener('abort', release);
    release();
  }
}
