import { z } from 'zod';

/* What the browser may send when writing a signature. The HTML is sanitized after parsing. */

const name = z
  .string()
  .trim()
  .min(1, 'give the signature a name')
  .max(100, 'keep the name under 100 characters');
// Generous before sanitizing (the editor's markup is verbose); the stored result is checked again.
const html = z.string().max(100_000, 'the signature is too long');

export const createSignatureSchema = z
  .object({
    name,
    html,
    isDefaultNew: z.boolean().optional(),
    isDefaultReply: z.boolean().optional(),
  })
  .strict();

export const updateSignatureSchema = createSignatureSchema.partial().strict();
