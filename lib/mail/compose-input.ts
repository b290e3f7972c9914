import { z } from 'zod';

/* What the browser may send when writing mail; bad addresses are named so the person can fix them. */

const address = z
  .string()
  .trim()
  .refine((value) => z.email().safeParse(value).success, {
    error: (issue) => `"${String(issue.input)}" is not a valid email address`,
  });

export const draftInputSchema = z
  .object({
    to: z.array(address).max(500).optional(),
    cc: z.array(address).max(500).optional(),
    bcc: z.array(address).max(500).optional(),
    subject: z.string().max(998).optional(),
    bodyHtml: z
      .string()
      .max(4 * 1024 * 1024, 'the message body is larger than 4 MB')
      .optional(),
    importance: z.enum(['low', 'normal', 'high']).optional(),
  })
  .strict();

export const respondSchema = z.object({ kind: z.enum(['reply', 'replyAll', 'forward']) });

/** Largest attachment Microsoft 365 takes (through an upload session). */
export const MAX_ATTACHMENT_BYTES = 150 * 1024 * 1024;
