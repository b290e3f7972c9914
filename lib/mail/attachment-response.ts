import 'server-only';

/** The bytes of an attachment as a download, or inline for images shown in a message body. */
export function attachmentResponse(
  file: { bytes: ArrayBuffer; name: string; contentType: string },
  disposition: 'attachment' | 'inline',
): Response {
  // Only images may render inline; anything else is always a download, so an attachment can never run as a page.
  const inline = disposition === 'inline' && /^image\/(png|jpeg|gif|webp)$/i.test(file.contentType);
  return new Response(file.bytes, {
    headers: {
      'Content-Type': inline ? file.contentType : file.contentType || 'application/octet-stream',
      'Content-Disposition': contentDisposition(inline ? 'inline' : 'attachment', file.name),
      'Content-Length': String(file.bytes.byteLength),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=3600',
    },
  });
}

/** RFC 6266 with the RFC 5987 encoding, so any file name survives and none can break out of the header. */
export function contentDisposition(disposition: 'attachment' | 'inline', name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return `${disposition}; filename*=UTF-8''${encoded}`;
}
