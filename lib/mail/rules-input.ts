import { z } from 'zod';

/* What the rules API takes (POST /api/rules, PATCH /api/rules/:id), checked before anything reaches Graph. */

const words = z.array(z.string().trim().min(1).max(255)).max(50);
const emails = z.array(z.email('must be an email address').max(320)).max(50);

export const ruleConditionsSchema = z.strictObject({
  fromAddresses: emails,
  subjectContains: words,
  sentToMe: z.boolean(),
  hasAttachments: z.boolean(),
});

export const ruleActionsSchema = z.strictObject({
  moveToFolder: z.string().min(1).max(500).nullable(),
  markAsRead: z.boolean(),
  assignCategories: words,
  delete: z.boolean(),
  forwardTo: z.array(z.email('must be an email address').max(320)).max(10),
  stopProcessingRules: z.boolean(),
});

const name = z.string().trim().min(1, 'give the rule a name').max(256);

export const ruleInputSchema = z.strictObject({
  name,
  enabled: z.boolean(),
  conditions: ruleConditionsSchema,
  actions: ruleActionsSchema,
});

/** A change: the name, on/off, or conditions and actions together (Graph replaces both as a whole). */
export const rulePatchSchema = z
  .strictObject({
    name: name.optional(),
    enabled: z.boolean().optional(),
    conditions: ruleConditionsSchema.optional(),
    actions: ruleActionsSchema.optional(),
  })
  .refine(
    (p) => (p.conditions === undefined) === (p.actions === undefined),
    'send conditions and actions together',
  )
  .refine((p) => Object.values(p).some((v) => v !== undefined), 'name something to change');
