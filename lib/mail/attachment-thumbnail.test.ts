import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-error';
import { THUMBNAIL_BOX, thumbnailOf, thumbnailResponse } from './attachment-thumbnail';

const photo = (format: 'png' | 'jpeg' | 'gif' | 'webp', width = 1600, height = 1200) =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    [format]()
    .toBuffer();
const asFile = (buffer: Buffer, name: string, contentType: string) => ({
  bytes: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer,
  name,
  contentType,
});
const arrayBuffer = (buffer: Buffer) =>
  buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;

describe('thumbnailResponse', () => {
  it('makes a small WebP of each image format, keeping its shape, with the preview headers', async () => {
    for (const format of ['png', 'jpeg', 'gif', 'webp'] as const) {
      const response = await thumbnailResponse(
        asFile(await photo(format), `photo.${format}`, `image/${format}`),
      );
      expect(response.headers.get('content-type'), format).toBe('image/webp');
      expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(response.headers.get('content-security-policy')).toContain('sandbox');
      const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height], format).toEqual(['webp', THUMBNAIL_BOX, 240]);
    }
  });

  it('never enlarges a small image', async () => {
    const response = await thumbnailResponse(asFile(await photo('png', 40, 20), 'icon.png', 'image/png'));
    const meta = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([40, 20]);
  });

  it('answers 415 for what is not an image or is broken', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const truncated = (await photo('png')).subarray(0, 200);
    for (const file of [
      asFile(svg, 'logo.svg', 'image/svg+xml'),
      asFile(svg, 'logo.png', 'image/png'),
      asFile(truncated, 'cut.png', 'image/png'),
    ]) {
      await expect(thumbnailResponse(file), file.name).rejects.toMatchObject({ status: 415 });
      await expect(thumbnailResponse(file)).rejects.toBeInstanceOf(ApiError);
    }
  });
});

describe('thumbnailOf', () => {
  it('decodes no format besides the four previews, even when handed one directly', async () => {
    const tiff = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .tiff()
      .toBuffer();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    await expect(thumbnailOf(arrayBuffer(tiff))).rejects.toThrow();
    await expect(thumbnailOf(arrayBuffer(svg))).rejects.toThrow();
    await expect(thumbnailOf(arrayBuffer(await photo('png', 8, 8)))).resolves.toBeInstanceOf(Buffer);
  });
});
