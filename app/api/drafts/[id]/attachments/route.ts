// POST /api/drafts/:id/attachments — the raw file as the body, its name in X-File-Name (URI-encoded).

import { NextResponse } from 'next/server';
import { ApiError } from '@/lib/api/api-error';
import { withUser } from '@/lib/api/handler';
import { attach } from '@/lib/mail/compose';
import { MAX_ATTACHMENT_BYTES } from '@/lib/mail/compose-input';
import type { UploadedAttachmentDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export type AttachmentResponse = UploadedAttachmentDto;

const tooLarge = (name: string) =>
  new ApiError(
    413,
    'attachment_too_large',
    `"${name}" is larger than 150 MB, the most Microsoft 365 accepts for one attachment.`,
  );

export const POST = withUser(
  async (request, user, { params }: { params: Promise<{ id: string }> }) => {
    const name = decodeURIComponent(request.headers.get('x-file-name') ?? '').trim();
    if (!name) throw new ApiError(400, 'invalid_request', 'X-File-Name: name the file being attached');
    // Refuse before reading the body when the size is declared.
    if (Number(request.headers.get('content-length') ?? 0) > MAX_ATTACHMENT_BYTES) throw tooLarge(name);
    const bytes = new Uint8Array(await request.arrayBuffer());
    if (bytes.byteLength > MAX_ATTACHMENT_BYTES) throw tooLarge(name);
    const contentType = request.headers.get('content-type') || 'application/octet-stream';
    const result = await attach(user.id, (await params).id, { name, contentType, bytes });
    return NextResponse.json<AttachmentResponse>(
      { ...result, name, size: bytes.byteLength },
      { status: 201 },
    );
  },
  // The body is the file itself, sent with its own type; the origin is still checked.
  { body: 'any' },
);
