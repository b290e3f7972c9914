import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import { buildMessage, recipient } from '../store/message-factory';
import {
  addRule,
  applyRules,
  findRule,
  hasRules,
  RULES_LOOP_HEADER,
  type RuleActions,
  type RulePredicates,
  removeRule,
  rulesOf,
  type StoredRule,
} from '../store/rules';
import type { StoredMessage } from '../store/types';
import { callerOf, requireScope } from './auth';
import { cloneAttachment, sendMessage } from './compose-delivery';
import { badRequest, GraphError, notFound, parseBody } from './errors';
import { metadata } from './folders';

/*
 * /me/mailFolders/inbox/messageRules (Graph v1.0: list, get, create, update, delete; MailboxSettings
 * permissions), and the rules at work: every message delivered into an Inbox goes through its mailbox's
 * enabled rules in sequence order before it is stored and announced, so the change notification already
 * names the folder a rule chose.
 */

const READ = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const WRITE = ['MailboxSettings.ReadWrite'];

const recipientSchema = z
  .object({
    emailAddress: z.object({ address: z.string().email(), name: z.string().nullish() }).loose(),
  })
  .loose()
  .transform((r) => recipient(r.emailAddress.address, r.emailAddress.name ?? r.emailAddress.address));
const strings = z.array(z.string().trim().min(1).max(255)).min(1).max(100);
const importance = z.enum(['low', 'normal', 'high']);

// Strict: a predicate or action the emulator does not carry out is refused by name, never ignored.
const predicatesSchema = z.strictObject({
  bodyContains: strings.optional(),
  bodyOrSubjectContains: strings.optional(),
  categories: strings.optional(),
  fromAddresses: z.array(recipientSchema).min(1).max(100).optional(),
  hasAttachments: z.boolean().optional(),
  headerContains: strings.optional(),
  importance: importance.optional(),
  notSentToMe: z.boolean().optional(),
  recipientContains: strings.optional(),
  senderContains: strings.optional(),
  sentCcMe: z.boolean().optional(),
  sentOnlyToMe: z.boolean().optional(),
  sentToAddresses: z.array(recipientSchema).min(1).max(100).optional(),
  sentToMe: z.boolean().optional(),
  sentToOrCcMe: z.boolean().optional(),
  subjectContains: strings.optional(),
});

const actionsSchema = z.strictObject({
  assignCategories: strings.optional(),
  copyToFolder: z.string().min(1).optional(),
  delete: z.boolean().optional(),
  forwardTo: z.array(recipientSchema).min(1).max(10).optional(),
  markAsRead: z.boolean().optional(),
  markImportance: importance.optional(),
  moveToFolder: z.string().min(1).optional(),
  permanentDelete: z.boolean().optional(),
  stopProcessingRules: z.boolean().optional(),
});

const ruleFields = {
  displayName: z.string().trim().min(1).max(256),
  sequence: z.number().int().min(1).max(100_000),
  isEnabled: z.boolean(),
  conditions: predicatesSchema.nullable(),
  exceptions: predicatesSchema.nullable(),
  actions: actionsSchema,
};
const createSchema = z.strictObject({
  ...ruleFields,
  isEnabled: ruleFields.isEnabled.default(true),
  conditions: ruleFields.conditions.optional(),
  exceptions: ruleFields.exceptions.optional(),
});
const updateSchema = z.strictObject({
  displayName: ruleFields.displayName.optional(),
  sequence: ruleFields.sequence.optional(),
  isEnabled: ruleFields.isEnabled.optional(),
  conditions: ruleFields.conditions.optional(),
  exceptions: ruleFields.exceptions.optional(),
  actions: ruleFields.actions.optional(),
});

const RULE_LIMIT = 512;

/** Clients echo annotations (@odata.type) and read-only properties back; Graph ignores them. */
function writable(body: unknown): Record<string, unknown> {
  const ignored = new Set(['id', 'hasError', 'isReadOnly']);
  const strip = (value: unknown): unknown =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>)
            .filter(([key]) => !key.startsWith('@'))
            .map(([key, v]) => [key, strip(v)]),
        )
      : Array.isArray(value)
        ? value.map(strip)
        : value;
  return Object.fromEntries(
    Object.entries(strip(body ?? {}) as Record<string, unknown>).filter(([key]) => !ignored.has(key)),
  );
}

const ruleError = (message: string) =>
  new GraphError(400, 'ErrorInboxRulesValidationError', `A validation error occurred: ${message}`);

const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;

/** What Exchange checks beyond the shape: an action to take, folders that exist in this mailbox. */
function checkRule(ctx: EmulatorContext, userId: string, rule: { actions: RuleActions }) {
  const actions = defined(rule.actions);
  const doing = Object.entries(actions).filter(([name, v]) => name !== 'stopProcessingRules' && v !== false);
  if (doing.length === 0) throw ruleError('actions: a rule needs at least one action.');
  for (const name of ['moveToFolder', 'copyToFolder'] as const) {
    const id = actions[name];
    // Folder ids only, as Exchange takes them: a well-known name is not an id.
    const folder = id ? ctx.store.folders.get(id) : undefined;
    if (id && (!folder || folder.userId !== userId)) {
      throw ruleError(`actions.${name}: there is no folder with the id '${id}' in this mailbox.`);
    }
  }
}

function ruleToGraph(rule: StoredRule) {
  return {
    id: rule.id,
    displayName: rule.displayName,
    sequence: rule.sequence,
    isEnabled: rule.isEnabled,
    hasError: rule.hasError,
    isReadOnly: rule.isReadOnly,
    conditions: defined(rule.conditions),
    ...(Object.keys(defined(rule.exceptions)).length ? { exceptions: defined(rule.exceptions) } : {}),
    actions: defined(rule.actions),
  };
}

/** A forward made by a rule: to each recipient, not kept in Sent Items, marked against loops. */
function forwardByRule(
  ctx: EmulatorContext,
  userId: string,
  message: StoredMessage,
  to: StoredMessage['toRecipients'],
) {
  const user = ctx.store.users.get(userId);
  if (!user) return;
  const from = message.from?.emailAddress;
  const intro = `---------- Forwarded by a rule ----------\nFrom: ${from?.name ?? ''} <${from?.address ?? ''}>\nSubject: ${message.subject}\n\n`;
  const body =
    message.body.contentType === 'html'
      ? {
          contentType: 'html' as const,
          content: `<pre>${intro.replace(/[<&>]/g, '')}</pre>${message.body.content}`,
        }
      : { contentType: 'text' as const, content: `${intro}${message.body.content}` };
  const loops = (message.internetMessageHeaders ?? []).filter((h) => h.name === RULES_LOOP_HEADER);
  sendMessage(
    ctx,
    user,
    {
      ...buildMessage({
        userId,
        parentFolderId: message.parentFolderId,
        subject: `FW: ${message.subject}`,
        body,
      }),
      toRecipients: to,
      attachments: message.attachments.map(cloneAttachment),
      internetMessageHeaders: [...loops, { name: RULES_LOOP_HEADER, value: user.mail }],
    },
    { saveToSentItems: false },
  );
}

/** Runs a mailbox's rules on every message delivered into its Inbox (see MailStore.addDeliveryFilter). */
export function installInboxRules(ctx: EmulatorContext): void {
  const { store } = ctx;
  store.addDeliveryFilter((message) => {
    if (!hasRules(store, message.userId)) return true;
    const user = store.users.get(message.userId);
    const inbox = store.getFolder(message.userId, 'inbox');
    if (!user || !inbox || message.parentFolderId !== inbox.id || message.isDraft) return true;
    const aftermath = applyRules(store, message, user);
    if (aftermath === 'drop') return false;
    if (aftermath.copyTo.length || aftermath.forwardTo.length) {
      // After the insert this filter is part of: the copies and forwards follow the message, as in Exchange.
      queueMicrotask(() => {
        for (const folderId of aftermath.copyTo) {
          const { id: _id, changeKey: _c, seq: _s, ...fields } = message;
          store.insertMessage({
            ...structuredClone({ ...fields, attachments: [] }),
            attachments: message.attachments.map(cloneAttachment),
            parentFolderId: folderId,
          });
        }
        if (aftermath.forwardTo.length) forwardByRule(ctx, message.userId, message, aftermath.forwardTo);
      });
    }
    return true;
  });
}

export function registerRuleRoutes(graph: Router, ctx: EmulatorContext): void {
  const userOf = (res: Response) => callerOf(res).userId;
  // Rules live on the Inbox only: by its well-known name or its id.
  const inboxOnly = (req: Request, res: Response) => {
    const inbox = ctx.store.getFolder(userOf(res), 'inbox');
    const named = String(req.params.folderId);
    if (!inbox || (named.toLowerCase() !== 'inbox' && named !== inbox.id)) {
      const folder = ctx.store.getFolder(userOf(res), named);
      if (!folder) throw notFound();
      throw badRequest('Message rules can only be defined on the Inbox folder.', 'ErrorInvalidRequest');
    }
  };
  const ruleOf = (req: Request, res: Response) => {
    inboxOnly(req, res);
    const rule = findRule(ctx.store, userOf(res), String(req.params.ruleId));
    if (!rule) throw notFound('The specified rule was not found.');
    return rule;
  };
  const context = (req: Request, res: Response, entity = false) =>
    metadata(
      ctx,
      res,
      `mailFolders('${String(req.params.folderId)}')/messageRules${entity ? '/$entity' : ''}`,
    );

  const RULES = '/me/mailFolders/:folderId/messageRules';
  const ONE_RULE = `${RULES}/:ruleId`;

  graph.get(RULES, (req, res) => {
    requireScope(res, ...READ);
    inboxOnly(req, res);
    res.json({
      '@odata.context': context(req, res),
      value: rulesOf(ctx.store, userOf(res)).map(ruleToGraph),
    });
  });

  graph.get(ONE_RULE, (req, res) => {
    requireScope(res, ...READ);
    res.json({ '@odata.context': context(req, res, true), ...ruleToGraph(ruleOf(req, res)) });
  });

  graph.post(RULES, (req, res) => {
    requireScope(res, ...WRITE);
    inboxOnly(req, res);
    const input = parseBody(createSchema, writable(req.body));
    const userId = userOf(res);
    checkRule(ctx, userId, input);
    if (rulesOf(ctx.store, userId).length >= RULE_LIMIT) {
      throw new GraphError(400, 'ErrorRulesOverQuota', 'The Inbox rules in this mailbox exceed the quota.');
    }
    const rule = addRule(ctx.store, userId, {
      displayName: input.displayName,
      sequence: input.sequence,
      isEnabled: input.isEnabled,
      hasError: false,
      isReadOnly: false,
      conditions: defined(input.conditions ?? {}) as RulePredicates,
      exceptions: defined(input.exceptions ?? {}) as RulePredicates,
      actions: defined(input.actions) as RuleActions,
    });
    res.status(201).json({ '@odata.context': context(req, res, true), ...ruleToGraph(rule) });
  });

  // A complex property given (conditions, exceptions, actions) replaces the rule's whole value, as Exchange does.
  graph.patch(ONE_RULE, (req, res) => {
    requireScope(res, ...WRITE);
    const rule = ruleOf(req, res);
    if (rule.isReadOnly) throw new GraphError(403, 'ErrorAccessDenied', 'This rule is read-only.');
    const input = parseBody(updateSchema, writable(req.body));
    const actions = input.actions ? (defined(input.actions) as RuleActions) : rule.actions;
    checkRule(ctx, userOf(res), { actions });
    if (input.displayName !== undefined) rule.displayName = input.displayName;
    if (input.sequence !== undefined) rule.sequence = input.sequence;
    if (input.isEnabled !== undefined) rule.isEnabled = input.isEnabled;
    if (input.conditions !== undefined) rule.conditions = defined(input.conditions ?? {}) as RulePredicates;
    if (input.exceptions !== undefined) rule.exceptions = defined(input.exceptions ?? {}) as RulePredicates;
    rule.actions = actions;
    // A rule fixed by an update is tried again.
    rule.hasError = false;
    res.json({ '@odata.context': context(req, res, true), ...ruleToGraph(rule) });
  });

  graph.delete(ONE_RULE, (req, res) => {
    requireScope(res, ...WRITE);
    const rule = ruleOf(req, res);
    removeRule(ctx.store, userOf(res), rule.id);
    res.status(204).end();
  });
}

/** GET /_emulator/rules/:user: a mailbox's rules as Graph gives them, for tests. */
export function registerRuleControl(control: Router, ctx: EmulatorContext): void {
  control.get('/rules/:user', (req, res) => {
    const user = ctx.store.findUser(req.params.user);
    if (!user) throw notFound(`No user "${req.params.user}" in this tenant.`);
    res.json({ rules: rulesOf(ctx.store, user.id).map(ruleToGraph) });
  });
}
