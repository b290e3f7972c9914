import 'server-only';
import { ApiError } from '../api/api-error';
import { API_CONTENT_SECURITY_POLICY } from '../security/static-headers';
import { expectedPreview } from './attachment-kind';
import { contentDisposition } from './attachment-response';

/*
 * Which attachments Tidings shows, decided from their bytes, and the headers they are shown with.
 *
 * A preview is only ever one of: a PNG, JPEG, GIF or WebP image (never SVG, which is a document that can
 * carry script); a PDF, which the app draws itself with pdf.js (attachment-viewer.tsx says why); or text,
 * served as text/plain in its sniffed charset. Each answer keeps the isolation of a download: nosniff, a
 * CSP with `sandbox` and `default-src 'none'` (so even opened in a tab of its own nothing in it runs or
 * loads), and it may be framed only by the app itself. Attachment content never changes under its id, so a
 * preview is cached privately for a year.
 */

export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export type SniffedPreview =
  | { kind: 'image'; contentType: ImageType }
  | { kind: 'pdf'; contentType: 'application/pdf' }
  | { kind: 'text'; contentType: string };

/** Larger files are offered as downloads only. */
export const PREVIEW_LIMITS = { image: 25 * 1024 * 1024, pdf: 50 * 1024 * 1024, text: 5 * 1024 * 1024 };

export const PREVIEW_CACHE_CONTROL = 'private, max-age=31536000, immutable';

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  signature.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

export function sniffImage(bytes: Uint8Array): ImageType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  return null;
}

/** PDF readers accept the header anywhere in the first kilobyte. */
function isPdf(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

/** The charset of text, or null when the bytes are not text (a NUL outside UTF-16, or an image or PDF). */
export function sniffTextCharset(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(bytes, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(bytes, [0xfe, 0xff])) return 'utf-16be';
  if (sniffImage(bytes) || startsWith(bytes, ascii('%PDF-'))) return null;
  if (bytes.subarray(0, 64 * 1024).includes(0)) return null;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    // Not UTF-8: mail from Windows is most often in its Western code page, which decodes any byte.
    return 'windows-1252';
  }
}

/**
 * What a preview of this attachment is, from its bytes, or null when it is offered as a download only.
 * The name and declared type must also say it is that kind (lib/mail/attachment-kind.ts): bytes alone
 * would turn a `.html` that happens to be plain text into a preview.
 */
export function sniffPreview(bytes: Uint8Array, name: string, declaredType: string): SniffedPreview | null {
  const expected = expectedPreview(name, declaredType);
  if (!expected || bytes.byteLength > PREVIEW_LIMITS[expected]) return null;
  if (expected === 'image') {
    const type = sniffImage(bytes);
    return type ? { kind: 'image', contentType: type } : null;
  }
  if (expected === 'pdf') return isPdf(bytes) ? { kind: 'pdf', contentType: 'application/pdf' } : null;
  const charset = sniffTextCharset(bytes);
  return charset ? { kind: 'text', contentType: `text/plain; charset=${charset}` } : null;
}

/** The CSP of each kind of preview: images may show themselves, nothing may run anywhere. */
export function previewContentSecurityPolicy(kind: SniffedPreview['kind']): string {
  const loads = kind === 'image' ? "default-src 'none'; img-src 'self' data:" : "default-src 'none'";
  return `sandbox; ${loads}; frame-ancestors 'self'`;
}

export function previewHeaders(
  preview: { kind: SniffedPreview['kind']; contentType: string },
  name: string,
  length: number,
): Headers {
  return new Headers({
    'Content-Type': preview.contentType,
    'Content-Disposition': contentDisposition('inline', name),
    'Content-Length': String(length),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': previewContentSecurityPolicy(preview.kind),
    // The app's viewer frames text previews; no one else may (next.config.js leaves this path to us).
    'X-Frame-Options': 'SAMEORIGIN',
    'Cache-Control': PREVIEW_CACHE_CONTROL,
    'Cross-Origin-Resource-Policy': 'same-origin',
  });
}

export const notPreviewable = () =>
  new ApiError(415, 'not_previewable', 'This file can’t be shown here. Download it to open it.');

/** The preview answer for an attachment's bytes: the file itself, as its sniffed kind. */
export function previewResponse(file: { bytes: ArrayBuffer; name: string; contentType: string }): Response {
  const preview = sniffPreview(new Uint8Array(file.bytes), file.name, file.contentType);
  if (!preview) throw notPreviewable();
  return new Response(file.bytes, { headers: previewHeaders(preview, file.name, file.bytes.byteLength) });
}

/**
 * next.config.js leaves the preview path's CSP to its route, so an answer that is not a preview (401,
 * 404, 415) gets the API's own.
 */
export function withPreviewPolicy<Context>(
  handler: (request: Request, context: Context) => Promise<Response>,
) {
  return async (request: Request, context: Context): Promise<Response> => {
    const response = await handler(request, context);
    if (!response.headers.has('Content-Security-Policy'))
      response.headers.set('Content-Security-Policy', API_CONTENT_SECURITY_POLICY);
    return response;
  };
}
