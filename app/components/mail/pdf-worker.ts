// pdf.js's worker, bundled as one of the app's own scripts (the page's CSP allows workers from 'self' only).
// It parses the PDF away from the page's thread and starts listening to the page when it loads.
import 'pdfjs-dist/build/pdf.worker.min.mjs';
