// PATCH /api/signatures/:id — change a signature (name, text, defaults); DELETE — remove it.
import { NextResponse } from 'next/server';
import { withUser } from '@/lib/api/handler';
import { deleteSignature, updateSignature } from '@/lib/mail/signatures';
import { updateSignatureSchema } from '@/lib/mail/signatures-input';
import type { SignatureDto } from '@/lib/mail/types';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

export const PATCH = withUser(async (request, user, { params }: Context) => {
  const input = updateSignatureSchema.parse(await request.json().catch(() => null));
  return NextResponse.json<SignatureDto>(await updateSignature(user.id, (await params).id, input));
});

export const DELETE = withUser(async (_request, user, { params }: Context) => {
  await deleteSignature(user.id, (await params).id);
  return new Response(null, { status: 204 });
});
