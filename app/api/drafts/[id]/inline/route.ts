// POST /api/drafts/:id/inline — a picture for the body: the raw image as the body, its name in X-File-Name.
import { NextResponse } from 'next/server';
import { ApiError } from '@/lib/api/api-error';
import { withUser } from '@/lib/api/handler';
import { addInlineImage, inlineImageTooLarge, MAX_INLINE_IMAGE_BYTES } from '@/lib/mail/compose-inline';
import type { InlineImageDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export const POST = withUser(
  async (request, user, { params }: { params: Promise<{ id: string }> }) => {
    const name = decodeURIComponent(request.headers.get('x-file-name') ?? '').trim() || 'image';
    if (Number(request.headers.get('content-length') ?? 0) > MAX_INLINE_IMAGE_BYTES)
      throw inlineImageTooLarge(name);
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength === 0) throw new ApiError(400, 'invalid_request', 'The picture is empty.');
    const contentType = request.headers.get('content-type') ?? '';
    const image = await addInlineImage(user.id, (await params).id, { name, contentType, bytes });
    return NextResponse.json<InlineImageDto>(image, { status: 201 });
  },
  // The body is the image itself, sent with its own type; the origin is still checked.
  { body: 'any' },
);
