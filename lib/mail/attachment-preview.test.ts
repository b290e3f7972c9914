import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import {
  PREVIEW_LIMITS,
  previewContentSecurityPolicy,
  previewResponse,
  sniffImage,
  sniffPreview,
  sniffTextCharset,
  withPreviewPolicy,
} from './attachment-preview';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');
const WEBP = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8 ')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
const HOSTILE_TEXT = Buffer.from('<script>parent.__pwned = 1</script>\n<b>not bold</b>\n');

const bytes = (buffer: Buffer) => new Uint8Array(buffer);
const file = (buffer: Buffer, name: string, contentType: string) => ({
  bytes: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer,
  name,
  contentType,
});

describe('sniffImage', () => {
  it('knows PNG, JPEG, GIF and WebP by their first bytes, and nothing else', () => {
    expect(sniffImage(bytes(PNG))).toBe('image/png');
    expect(sniffImage(bytes(JPEG))).toBe('image/jpeg');
    expect(sniffImage(bytes(GIF))).toBe('image/gif');
    expect(sniffImage(bytes(WEBP))).toBe('image/webp');
    expect(sniffImage(bytes(SVG))).toBeNull();
    expect(sniffImage(bytes(PDF))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});

describe('sniffTextCharset', () => {
  it('reads byte order marks, then UTF-8, then falls back to Windows-1252', () => {
    expect(sniffTextCharset(bytes(Buffer.from('\ufeffhello')))).toBe('utf-8');
    expect(sniffTextCharset(bytes(Buffer.from('\ufeffhi', 'utf16le')))).toBe('utf-16le');
    expect(sniffTextCharset(new Uint8Array([0xfe, 0xff, 0, 0x68]))).toBe('utf-16be');
    expect(sniffTextCharset(bytes(Buffer.from('Grüße, naïve café')))).toBe('utf-8');
    expect(sniffTextCharset(bytes(Buffer.from('Gr\xfc\xdfe', 'latin1')))).toBe('windows-1252');
  });

  it('says binary is not text', () => {
    expect(sniffTextCharset(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0x08]))).toBeNull();
    expect(sniffTextCharset(bytes(PNG))).toBeNull();
    expect(sniffTextCharset(bytes(PDF))).toBeNull();
  });
});

describe('sniffPreview', () => {
  it('shows an image as the type its bytes are, whatever it was declared as', () => {
    expect(sniffPreview(bytes(PNG), 'photo.jpg', 'image/jpeg')).toEqual({
      kind: 'image',
      contentType: 'image/png',
    });
    expect(sniffPreview(bytes(WEBP), 'x.webp', 'application/octet-stream')).toEqual({
      kind: 'image',
      contentType: 'image/webp',
    });
  });

  it('refuses a file that is not what its name says', () => {
    expect(sniffPreview(bytes(SVG), 'photo.png', 'image/png')).toBeNull();
    expect(sniffPreview(bytes(HOSTILE_TEXT), 'report.pdf', 'application/pdf')).toBeNull();
    expect(sniffPreview(bytes(PNG), 'notes.txt', 'text/plain')).toBeNull();
    expect(sniffPreview(bytes(PDF), 'notes.txt', 'text/plain')).toBeNull();
  });

  it('never previews SVG, HTML or Office files', () => {
    expect(sniffPreview(bytes(SVG), 'logo.svg', 'image/svg+xml')).toBeNull();
    expect(sniffPreview(bytes(HOSTILE_TEXT), 'page.html', 'text/html')).toBeNull();
    expect(sniffPreview(bytes(Buffer.from('PK\x03\x04\0\0', 'latin1')), 'plan.docx', '')).toBeNull();
  });

  it('shows markup in a text file as text, in its charset', () => {
    expect(sniffPreview(bytes(HOSTILE_TEXT), 'notes.txt', 'text/plain')).toEqual({
      kind: 'text',
      contentType: 'text/plain; charset=utf-8',
    });
    expect(sniffPreview(bytes(Buffer.from('a;b\n\xe9;1\n', 'latin1')), 'x.csv', 'text/csv')).toEqual({
      kind: 'text',
      contentType: 'text/plain; charset=windows-1252',
    });
    expect(sniffPreview(bytes(PDF), 'report.pdf', 'application/pdf')).toEqual({
      kind: 'pdf',
      contentType: 'application/pdf',
    });
  });

  it('offers files over the size limits as downloads only', () => {
    const big = new Uint8Array(PREVIEW_LIMITS.text + 1).fill(0x61);
    expect(sniffPreview(big, 'huge.log', 'text/plain')).toBeNull();
  });
});

describe('previewResponse', () => {
  it('answers the bytes inline, sandboxed, unsniffable, framable by the app only, cached for good', async () => {
    const response = previewResponse(file(HOSTILE_TEXT, 'notes (1).txt', 'text/plain'));
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(HOSTILE_TEXT)).toBe(true);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'content-type': 'text/plain; charset=utf-8',
      'content-disposition': "inline; filename*=UTF-8''notes%20%281%29.txt",
      'content-length': String(HOSTILE_TEXT.byteLength),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'cache-control': 'private, max-age=31536000, immutable',
    });
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp.split(/;\s*/)).toEqual(['sandbox', "default-src 'none'", "frame-ancestors 'self'"]);
  });

  it('lets an image show itself and nothing else', () => {
    const response = previewResponse(file(PNG, 'dot.png', 'image/png'));
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(previewContentSecurityPolicy('image')).toBe(
      "sandbox; default-src 'none'; img-src 'self' data:; frame-ancestors 'self'",
    );
    expect(previewContentSecurityPolicy('pdf')).toBe("sandbox; default-src 'none'; frame-ancestors 'self'");
  });

  it('refuses a download-only file with 415 and a sentence saying what to do', () => {
    let error: unknown;
    try {
      previewResponse(file(Buffer.from('PK\x03\x04'), 'plan.docx', 'application/octet-stream'));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 415, code: 'not_previewable' });
    expect((error as Error).message).toMatch(/Download it/);
  });
});

describe('withPreviewPolicy', () => {
  it('gives an error answer the API’s CSP and leaves a preview’s own', async () => {
    const refused = await withPreviewPolicy(async () => Response.json({ error: 'nope' }, { status: 404 }))(
      new Request('http://localhost/x'),
      {},
    );
    expect(refused.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const shown = await withPreviewPolicy(async () => previewResponse(file(PNG, 'dot.png', 'image/png')))(
      new Request('http://localhost/x'),
      {},
    );
    expect(shown.headers.get('content-security-policy')).toContain("img-src 'self' data:");
  });
});
