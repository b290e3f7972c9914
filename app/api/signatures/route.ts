// GET /api/signatures — the person's signatures; POST — add one.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { createSignature, listSignatures } from '@/lib/mail/signatures';
import { createSignatureSchema } from '@/lib/mail/signatures-input';
import type { SignatureDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

export const GET = withUser(async (_request, user) =>
  NextResponse.json<SignatureDto[]>(await listSignatures(user.id)),
);

export const POST = withUser(async (request, user) => {
  const input = createSignatureSchema.parse(await request.json().catch(() => null));
  return NextResponse.json<SignatureDto>(await createSignature(user.id, input), { status: 201 });
});
