import 'server-only';
import createDOMPurify, { type DOMPurify } from 'dompurify';
import { JSDOM } from 'jsdom';
import { ApiError } from '../api/api-error';
import { db } from '../db';
import { Prisma, type Signature } from '../generated/prisma/client';
import { processSingleton } from '../process-singleton';
import { displayText } from './display-text';
import { sanitizeForEditor } from './editor-html';
import type { SignatureDto, SignatureInput } from './types';

/*
 * A person's signatures. Microsoft Graph has no signature API (Outlook keeps them in its own roaming
 * settings), so they live in our database, one row per signature, owner-scoped like every row. A signature
 * is inserted into the compose editor, so it may hold only what the editor can: it is stored through the
 * editor's own filter (lib/mail/editor-html.ts), and the editor filters it again when it loads it.
 */

/** How long a signature may be: small enough that sanitizing it on the request is instant. */
export const MAX_SIGNATURE_HTML = 20_000;
/** How many signatures one person may keep. */
export const MAX_SIGNATURES = 50;

const purifier = (): DOMPurify =>
  processSingleton('signature-purify', () => createDOMPurify(new JSDOM('').window));

/**
 * Signature (or automatic-reply) HTML reduced to what the compose editor can hold (no styles, scripts or handlers), and without
 * pictures (the editor keeps only a draft's own pasted images, which a signature has none of) or a
 * signature mark of its own.
 */
export function sanitizeEditable(html: string): string {
  if (!html.trim()) return '';
  const purify = purifier();
  const editable = sanitizeForEditor(html, purify);
  return (
    purify.sanitize(editable, {
      FORBID_TAGS: ['img'],
      FORBID_ATTR: ['data-signature'],
      RETURN_TRUSTED_TYPE: false,
    }) as string
  ).trim();
}

const toDto = (row: Signature): SignatureDto => ({
  id: row.id,
  name: displayText(row.name),
  html: row.html,
  isDefaultNew: row.isDefaultNew,
  isDefaultReply: row.isDefaultReply,
  updatedAt: row.updatedAt.toISOString(),
});

export async function listSignatures(userId: string): Promise<SignatureDto[]> {
  const rows = await db.signature.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } });
  return rows.map(toDto);
}

/** The default signature's HTML for new mail or for replies and forwards, or null when there is none. */
export async function defaultSignatureHtml(userId: string, kind: 'new' | 'reply'): Promise<string | null> {
  const row = await db.signature.findFirst({
    where: { userId, ...(kind === 'new' ? { isDefaultNew: true } : { isDefaultReply: true }) },
    orderBy: { updatedAt: 'desc' },
  });
  return row?.html || null;
}

const nameTaken = (name: string) =>
  new ApiError(409, 'signature_exists', `You already have a signature named “${name}”. Choose another name.`);

const notFound = () =>
  new ApiError(
    404,
    'not_found',
    'That signature no longer exists. It may have been deleted on another device.',
  );

function checked(input: SignatureInput): SignatureInput {
  const html = input.html === undefined ? undefined : sanitizeEditable(input.html);
  if (html !== undefined && html.length > MAX_SIGNATURE_HTML) {
    throw new ApiError(
      422,
      'signature_too_long',
      'The signature is too long. Keep it under about 20,000 characters.',
    );
  }
  return { ...input, name: input.name?.trim(), html };
}

/**
 * Writes a signature (creating it without `id`) and keeps the defaults unique: making it the default for
 * new mail or for replies takes that role from whichever signature had it, in the same transaction.
 */
async function write(userId: string, id: string | null, input: SignatureInput): Promise<SignatureDto> {
  const data = checked(input);
  try {
    const row = await db.$transaction(async (tx) => {
      if (id) {
        const found = await tx.signature.findFirst({ where: { id, userId }, select: { id: true } });
        if (!found) throw notFound();
      } else if ((await tx.signature.count({ where: { userId } })) >= MAX_SIGNATURES) {
        throw new ApiError(
          422,
          'too_many_signatures',
          `You can keep up to ${MAX_SIGNATURES} signatures. Delete one first.`,
        );
      }
      const others = id ? { userId, id: { not: id } } : { userId };
      // The unique index is the final word (P2002 below); this names the clash in the common case.
      if (
        data.name !== undefined &&
        (await tx.signature.findFirst({ where: { ...others, name: data.name } }))
      )
        throw nameTaken(data.name);
      if (data.isDefaultNew)
        await tx.signature.updateMany({
          where: { ...others, isDefaultNew: true },
          data: { isDefaultNew: false },
        });
      if (data.isDefaultReply)
        await tx.signature.updateMany({
          where: { ...others, isDefaultReply: true },
          data: { isDefaultReply: false },
        });
      const fields = {
        ...(data.name === undefined ? {} : { name: data.name }),
        ...(data.html === undefined ? {} : { html: data.html }),
        ...(data.isDefaultNew === undefined ? {} : { isDefaultNew: data.isDefaultNew }),
        ...(data.isDefaultReply === undefined ? {} : { isDefaultReply: data.isDefaultReply }),
      };
      return id
        ? tx.signature.update({ where: { id }, data: fields })
        : tx.signature.create({ data: { userId, name: data.name ?? '', html: data.html ?? '', ...fields } });
    });
    return toDto(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw nameTaken(data.name ?? '');
    }
    throw error;
  }
}

export function createSignature(userId: string, input: SignatureInput & { name: string; html: string }) {
  return write(userId, null, input);
}

export function updateSignature(userId: string, id: string, input: SignatureInput) {
  return write(userId, id, input);
}

export async function deleteSignature(userId: string, id: string): Promise<void> {
  const { count } = await db.signature.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound();
}
