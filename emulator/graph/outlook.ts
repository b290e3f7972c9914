import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import {
  addCategory,
  applyOverrideToInbox,
  CATEGORY_COLORS,
  categoriesOf,
  findCategory,
  overridesOf,
  removeCategory,
  removeOverride,
  type StoredOverride,
  upsertOverride,
} from '../store/outlook-settings';
import { callerOf, requireScope } from './auth';
import { badRequest, GraphError, notFound, parseBody } from './errors';
import { metadata, WRITE_SCOPES } from './folders';

/*
 * /me/outlook/masterCategories (the mailbox's categories and their colours; MailboxSettings permissions)
 * and /me/inferenceClassification/overrides (Focused Inbox: a sender always Focused or Other; Mail
 * permissions), as Graph v1.0 serves them.
 */

const SETTINGS_READ = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const SETTINGS_WRITE = ['MailboxSettings.ReadWrite'];
const OVERRIDE_READ = ['Mail.Read', 'Mail.ReadWrite'];

const colorSchema = z.enum(CATEGORY_COLORS);
const createCategorySchema = z.strictObject({
  displayName: z.string().trim().min(1).max(255),
  color: colorSchema.default('none'),
});
// Graph lets only the colour change: a category's name is fixed once created.
const updateCategorySchema = z.strictObject({ color: colorSchema });

const classification = z.enum(['focused', 'other']);
const createOverrideSchema = z.strictObject({
  classifyAs: classification,
  senderEmailAddress: z.object({ address: z.string().email(), name: z.string().optional() }).loose(),
});
const updateOverrideSchema = z.strictObject({ classifyAs: classification });

/** Clients echo annotations such as @odata.type back; Graph ignores them. */
const withoutAnnotations = (body: unknown) =>
  Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>).filter(([key]) => !key.startsWith('@')),
  );

const overrideToGraph = (override: StoredOverride) => ({
  id: override.id,
  classifyAs: override.classifyAs,
  senderEmailAddress: { ...override.senderEmailAddress },
});

export function registerOutlookRoutes(graph: Router, ctx: EmulatorContext): void {
  const userOf = (res: Response) => callerOf(res).userId;
  const categoryOf = (req: Request, res: Response) => {
    const category = findCategory(ctx.store, userOf(res), String(req.params.id));
    if (!category) throw notFound('The specified category was not found.');
    return category;
  };

  graph.get('/me/outlook/masterCategories', (_req, res) => {
    requireScope(res, ...SETTINGS_READ);
    res.json({
      '@odata.context': metadata(ctx, res, 'outlook/masterCategories'),
      value: categoriesOf(ctx.store, userOf(res)).map((c) => ({ ...c })),
    });
  });

  graph.post('/me/outlook/masterCategories', (req, res) => {
    requireScope(res, ...SETTINGS_WRITE);
    const input = parseBody(createCategorySchema, withoutAnnotations(req.body));
    const category = addCategory(ctx.store, userOf(res), input);
    if (!category) {
      throw new GraphError(
        409,
        'ErrorItemAlreadyExists',
        `A category with the display name '${input.displayName}' already exists.`,
      );
    }
    res.status(201).json({
      '@odata.context': metadata(ctx, res, 'outlook/masterCategories/$entity'),
      ...category,
    });
  });

  graph.get('/me/outlook/masterCategories/:id', (req, res) => {
    requireScope(res, ...SETTINGS_READ);
    res.json({
      '@odata.context': metadata(ctx, res, 'outlook/masterCategories/$entity'),
      ...categoryOf(req, res),
    });
  });

  graph.patch('/me/outlook/masterCategories/:id', (req, res) => {
    requireScope(res, ...SETTINGS_WRITE);
    const category = categoryOf(req, res);
    const body = withoutAnnotations(req.body);
    if ('displayName' in body) {
      throw badRequest('The displayName of a category cannot be changed once it is created.');
    }
    category.color = parseBody(updateCategorySchema, body).color;
    res.json({
      '@odata.context': metadata(ctx, res, 'outlook/masterCategories/$entity'),
      ...category,
    });
  });

  // Removing a category from the master list leaves the name on messages that carry it, as in Outlook.
  graph.delete('/me/outlook/masterCategories/:id', (req, res) => {
    requireScope(res, ...SETTINGS_WRITE);
    const category = categoryOf(req, res);
    removeCategory(ctx.store, userOf(res), category.id);
    res.status(204).end();
  });

  const overrideOf = (req: Request, res: Response) => {
    const override = overridesOf(ctx.store, userOf(res)).find((o) => o.id === String(req.params.id));
    if (!override) throw notFound();
    return override;
  };

  graph.get('/me/inferenceClassification/overrides', (_req, res) => {
    requireScope(res, ...OVERRIDE_READ);
    res.json({
      '@odata.context': metadata(ctx, res, 'inferenceClassification/overrides'),
      value: overridesOf(ctx.store, userOf(res)).map(overrideToGraph),
    });
  });

  // A second override for the same address updates the first (Graph's documented behaviour). The
  // sender's mail already in the Inbox moves to the chosen tab too, as Outlook's "Always move" does.
  graph.post('/me/inferenceClassification/overrides', (req, res) => {
    requireScope(res, ...WRITE_SCOPES);
    const input = parseBody(createOverrideSchema, withoutAnnotations(req.body));
    const userId = userOf(res);
    if (overridesOf(ctx.store, userId).length >= 1000) {
      throw badRequest('A mailbox can have at most 1,000 overrides.', 'ErrorQuotaExceeded');
    }
    const { override } = upsertOverride(ctx.store, userId, {
      classifyAs: input.classifyAs,
      senderEmailAddress: {
        address: input.senderEmailAddress.address,
        name: input.senderEmailAddress.name ?? input.senderEmailAddress.address,
      },
    });
    applyOverrideToInbox(ctx.store, userId, override);
    res.status(201).json({
      '@odata.context': metadata(ctx, res, 'inferenceClassification/overrides/$entity'),
      ...overrideToGraph(override),
    });
  });

  graph.patch('/me/inferenceClassification/overrides/:id', (req, res) => {
    requireScope(res, ...WRITE_SCOPES);
    const override = overrideOf(req, res);
    override.classifyAs = parseBody(updateOverrideSchema, withoutAnnotations(req.body)).classifyAs;
    applyOverrideToInbox(ctx.store, userOf(res), override);
    res.json({
      '@odata.context': metadata(ctx, res, 'inferenceClassification/overrides/$entity'),
      ...overrideToGraph(override),
    });
  });

  graph.delete('/me/inferenceClassification/overrides/:id', (req, res) => {
    requireScope(res, ...WRITE_SCOPES);
    removeOverride(ctx.store, userOf(res), overrideOf(req, res).id);
    res.status(204).end();
  });
}
