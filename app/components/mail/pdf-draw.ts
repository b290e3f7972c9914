'use client';

/*
 * Draws a PDF's pages onto canvases with pdf.js (attachment-viewer.tsx says why not the browser's viewer).
 * The PDF is data here: fetched, parsed in a worker of its own that is ended when the drawing is done or
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
  const pdfjs = await import('pdfjs-dist');
  if (signal.aborted) return;
  const worker = new Worker(new URL('./pdf-worker.ts', import.meta.url), { type: 'module' });
  const pdfWorker = pdfjs.PDFWorker.create({ port: worker });
  const task = pdfjs.getDocument({ data, worker: pdfWorker, isEvalSupported: false, enableXfa: false });
  const release = () => {
    void task.destroy();
    pdfWorker.destroy();
    worker.terminate();
  };
  signal.addEventListener('abort', release, { once: true });
  try {
    // A PDF pdf.js can neither open nor reject (seen with a file without its cross-reference table)
    // would otherwise say "Opening" for ever.
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
