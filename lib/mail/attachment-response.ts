import 'server-only';

/** The bytes of an attachment as a download, or inline for images shown in a message body. */
export function attachmentResponse(
  file: { bytes: ArrayBuffer; name: string; contentType: string },
  disposition: 'attachment' | 'inline',
): Response {
  // Only images may render inline; anything else is always a download, so an attachment can never run as a page.
  const inline = disposition === 'inline' && /^image\/(png|jpeg|gif|webp)$/i.test(file.contentType);
  const encoded = encodeURIComponent(file.name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16)}`);
  return new Response(file.bytes, {
    headers: {
      'Content-Type': inline ? file.contentType : file.contentType || 'application/octet-stream',
      'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encoded}`,
      'Content-Length': String(file.bytes.byteLength),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=3600',
    },
  });
}
