import { z } from 'zod';

/* What the browser may send for the mailbox's automatic replies (PATCH /api/automatic-replies). */

const message = z.string().max(64_000, 'the reply is too long');

export const automaticRepliesInputSchema = z
  .object({
    status: z.enum(['disabled', 'alwaysEnabled', 'scheduled']),
    scheduledStart: z.iso.datetime({ offset: true }).nullable().optional(),
    scheduledEnd: z.iso.datetime({ offset: true }).nullable().optional(),
    internalReplyMessage: message.optional(),
    externalReplyMessage: message.optional(),
    externalAudience: z.enum(['none', 'contactsOnly', 'all']).optional(),
  })
  .strict()
  .superRefine((input, ctx) => {
    if (input.status !== 'scheduled') return;
    if (!input.scheduledStart || !input.scheduledEnd) {
      ctx.addIssue({ code: 'custom', path: ['scheduledEnd'], message: 'give a start and an end time' });
    } else if (Date.parse(input.scheduledEnd) <= Date.parse(input.scheduledStart)) {
      ctx.addIssue({ code: 'custom', path: ['scheduledEnd'], message: 'the end must be after the start' });
    }
  });

export type AutomaticRepliesInput = z.infer<typeof automaticRepliesInputSchema>;
