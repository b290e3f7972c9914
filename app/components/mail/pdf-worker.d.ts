// pdf.js's worker module ships without types; the page uses only what it exports for pdf.js itself.
declare module 'pdfjs-dist/build/pdf.worker.min.mjs' {
  export const WorkerMessageHandler: unknown;
}
