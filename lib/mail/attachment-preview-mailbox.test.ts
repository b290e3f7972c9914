import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../emulator/server';
import { emulatorControl, signInUser, startAppEmulator } from '../testing/signed-in-user';

/*
 * Previews of attachments as Graph hands them over: a mail delivered with an image, a PDF, a text file
 * holding markup, a Word document and an SVG, read through the message cache and Graph's $value.
 */

let emulator: RunningEmulator;
let alex: string;
let messages: typeof import('./messages');
let previews: typeof import('./attachment-preview');
let thumbnails: typeof import('./attachment-thumbnail');
let messageId: string;

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
const TEXT = Buffer.from('<script>parent.__pwned = 1</script>\nQ3 totals\n');
const DOCX = Buffer.from('PK\x03\x04 not really a document', 'latin1');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>');

beforeAll(async () => {
  emulator = await startAppEmulator();
  messages = await import('./messages');
  previews = await import('./attachment-preview');
  thumbnails = await import('./attachment-thumbnail');
  ({ userId: alex } = await signInUser(emulator, 'alex'));
  const photo = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#c63' } })
    .png()
    .toBuffer();
  const attachment = (name: string, contentType: string, bytes: Buffer) => ({
    name,
    contentType,
    contentBase64: bytes.toString('base64'),
  });
  const response = await emulatorControl(emulator, '/mail', {
    to: 'alex',
    from: 'reports@fabrikam.test',
    subject: 'Preview kinds',
    body: 'Attached.',
    attachments: [
      attachment('site.png', 'image/png', photo),
      attachment('report.pdf', 'application/pdf', PDF),
      attachment('notes.txt', 'text/plain', TEXT),
      attachment(
        'plan.docx',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        DOCX,
      ),
      attachment('logo.svg', 'image/svg+xml', SVG),
    ],
  });
  messageId = ((await response.json()) as { id: string }).id;
  const { syncMailbox } = await import('./sync');
  await syncMailbox(alex);
});
afterAll(() => emulator.close());

async function attachmentNamed(name: string) {
  const detail = await messages.getMessageDetail(alex, messageId);
  const found = detail.attachments.find((a) => a.name === name);
  if (!found) throw new Error(`no attachment ${name}`);
  return messages.getAttachment(alex, messageId, found.id);
}

describe('attachment previews of a delivered mail', () => {
  it('shows the image, the PDF and the text as themselves, byte for byte', async () => {
    for (const [name, type] of [
      ['site.png', 'image/png'],
      ['report.pdf', 'application/pdf'],
      ['notes.txt', 'text/plain; charset=utf-8'],
    ]) {
      const file = await attachmentNamed(name ?? '');
      const response = previews.previewResponse(file);
      expect(response.headers.get('content-type'), name).toBe(type);
      expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(file.bytes)), name).toBe(true);
      expect(response.headers.get('content-security-policy'), name).toMatch(/^sandbox; default-src 'none'/);
    }
  });

  it('makes a thumbnail of the image only', async () => {
    const thumbnail = await thumbnails.thumbnailResponse(await attachmentNamed('site.png'));
    const meta = await sharp(Buffer.from(await thumbnail.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 320, 213]);
    await expect(thumbnails.thumbnailResponse(await attachmentNamed('report.pdf'))).rejects.toMatchObject({
      status: 415,
    });
  });

  it('offers the Word document and the SVG as downloads only', async () => {
    for (const name of ['plan.docx', 'logo.svg']) {
      const file = await attachmentNamed(name);
      expect(() => previews.previewResponse(file), name).toThrow(/Download it/);
    }
  });
});
