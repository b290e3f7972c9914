import 'server-only';
import sharp from 'sharp';
import { notPreviewable, previewHeaders, sniffPreview } from './attachment-preview';

/*
 * A small WebP of an image attachment for its chip, so a 12-megapixel photo costs the list a few
 * kilobytes. libvips decodes hostile mail here, in the server process, so it may decode only the four
 * formats a preview is made from (the bytes are sniffed first as well), a bounded number of pixels, and
 * only the first frame of an animation.
 */

/** Twice the chip's CSS size, for high-density screens. */
export const THUMBNAIL_BOX = 320;
const MAX_INPUT_PIXELS = 50_000_000;

let hardened = false;
function allowOnlyPreviewFormats() {
  if (hardened) return;
  // Every libvips loader is blocked (TIFF, SVG, PDF, HEIF, FITS, …), then the four buffer loaders come back.
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({
    operation: [
      'VipsForeignLoadPngBuffer',
      'VipsForeignLoadJpegBuffer',
      'VipsForeignLoadNsgifBuffer',
      'VipsForeignLoadWebpBuffer',
    ],
  });
  hardened = true;
}

export async function thumbnailOf(bytes: ArrayBuffer): Promise<Buffer> {
  allowOnlyPreviewFormats();
  return sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false, failOn: 'error' })
    .rotate()
    .resize(THUMBNAIL_BOX, THUMBNAIL_BOX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 75 })
    .toBuffer();
}

/** The thumbnail answer, with the same headers as the image's own preview; 415 for anything not an image. */
export async function thumbnailResponse(file: {
  bytes: ArrayBuffer;
  name: string;
  contentType: string;
}): Promise<Response> {
  if (sniffPreview(new Uint8Array(file.bytes), file.name, file.contentType)?.kind !== 'image')
    throw notPreviewable();
  let thumbnail: Buffer;
  try {
    thumbnail = await thumbnailOf(file.bytes);
  } catch (error) {
    throw Object.assign(notPreviewable(), { cause: error });
  }
  const body = new Uint8Array(thumbnail);
  return new Response(body, {
    headers: previewHeaders({ kind: 'image', contentType: 'image/webp' }, file.name, body.byteLength),
  });
}
