import 'server-only';
import type { Client } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { withGraph } from '../graph/client';
import { GraphRequestError } from '../graph/errors';
import { findFolder, findMessage } from './cache';
import { toSummaryDto } from './dto';
import { moveToFolder } from './messages';
import type { BlockSenderDto, RuleDto, RuleInput } from './types';

/*
 * Inbox rules through Graph's messageRules on the Inbox (Exchange runs them as mail arrives, so they work
 * with Tidings closed). Nothing is cached: the list is read from Graph when the settings screen asks. The
 * screen edits the common conditions and actions; whatever else a rule made in Outlook holds is kept as it
 * is, because Graph replaces a rule's whole conditions or actions on update.
 */

const RULES = '/me/mailFolders/inbox/messageRules';
const rulePath = (id: string) => `${RULES}/${encodeURIComponent(id)}`;

const recipients = z.array(
  z.object({ emailAddress: z.object({ address: z.string().nullish(), name: z.string().nullish() }) }),
);
const predicates = z.record(z.string(), z.unknown());
const graphRuleSchema = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  sequence: z.number().nullish(),
  isEnabled: z.boolean().nullish(),
  hasError: z.boolean().nullish(),
  isReadOnly: z.boolean().nullish(),
  conditions: predicates.nullish(),
  exceptions: predicates.nullish(),
  actions: predicates.nullish(),
});
type GraphRule = z.infer<typeof graphRuleSchema>;

const EDITED_CONDITIONS = ['fromAddresses', 'subjectContains', 'sentToMe', 'hasAttachments'];
const EDITED_ACTIONS = [
  'moveToFolder',
  'markAsRead',
  'assignCategories',
  'delete',
  'forwardTo',
  'stopProcessingRules',
];

/** Whether a predicate or action value says anything (Graph may send unset ones as null, false or []). */
const isSet = (value: unknown) =>
  value !== null && value !== undefined && value !== false && !(Array.isArray(value) && value.length === 0);

const strings = (value: unknown) =>
  z
    .array(z.string())
    .catch([])
    .parse(value ?? []);
const addresses = (value: unknown) =>
  recipients
    .catch([])
    .parse(value ?? [])
    .flatMap((r) => (r.emailAddress.address ? [r.emailAddress.address] : []));
const others = (values: Record<string, unknown>, edited: string[]) =>
  Object.entries(values)
    .filter(([name, value]) => !edited.includes(name) && !name.startsWith('@') && isSet(value))
    .map(([name]) => name);

function toDto(rule: GraphRule): RuleDto {
  const c = rule.conditions ?? {};
  const a = rule.actions ?? {};
  return {
    id: rule.id,
    name: rule.displayName ?? '',
    sequence: rule.sequence ?? 0,
    enabled: rule.isEnabled ?? true,
    hasError: rule.hasError ?? false,
    readOnly: rule.isReadOnly ?? false,
    conditions: {
      fromAddresses: addresses(c.fromAddresses),
      subjectContains: strings(c.subjectContains),
      sentToMe: c.sentToMe === true,
      hasAttachments: c.hasAttachments === true,
    },
    actions: {
      moveToFolder: typeof a.moveToFolder === 'string' && a.moveToFolder ? a.moveToFolder : null,
      markAsRead: a.markAsRead === true,
      assignCategories: strings(a.assignCategories),
      delete: a.delete === true,
      forwardTo: addresses(a.forwardTo),
      stopProcessingRules: a.stopProcessingRules === true,
    },
    otherConditions: others(c, EDITED_CONDITIONS),
    otherActions: others(a, EDITED_ACTIONS),
  };
}

/** Graph's conditions and actions for what the screen edits, on top of what the rule holds besides. */
function toGraph(input: Pick<RuleInput, 'conditions' | 'actions'>, existing?: GraphRule) {
  const keep = (values: Record<string, unknown> | null | undefined, edited: string[]) =>
    Object.fromEntries(
      Object.entries(values ?? {}).filter(
        ([name, value]) => !edited.includes(name) && !name.startsWith('@') && isSet(value),
      ),
    );
  const people = (list: string[]) => list.map((address) => ({ emailAddress: { address, name: address } }));
  const { conditions: c, actions: a } = input;
  return {
    conditions: {
      ...keep(existing?.conditions, EDITED_CONDITIONS),
      ...(c.fromAddresses.length ? { fromAddresses: people(c.fromAddresses) } : {}),
      ...(c.subjectContains.length ? { subjectContains: c.subjectContains } : {}),
      ...(c.sentToMe ? { sentToMe: true } : {}),
      ...(c.hasAttachments ? { hasAttachments: true } : {}),
    },
    actions: {
      ...keep(existing?.actions, EDITED_ACTIONS),
      ...(a.moveToFolder ? { moveToFolder: a.moveToFolder } : {}),
      ...(a.markAsRead ? { markAsRead: true } : {}),
      ...(a.assignCategories.length ? { assignCategories: a.assignCategories } : {}),
      ...(a.delete ? { delete: true } : {}),
      ...(a.forwardTo.length ? { forwardTo: people(a.forwardTo) } : {}),
      ...(a.stopProcessingRules ? { stopProcessingRules: true } : {}),
    },
  };
}

/** A rule Microsoft 365 refused (its validation) is the person's to fix: 422 with Graph's reason. */
async function graphRules<T>(userId: string, run: (client: Client) => Promise<T>): Promise<T> {
  try {
    return await withGraph(userId, run);
  } catch (error) {
    if (error instanceof GraphRequestError && error.status === 400) {
      throw new ApiError(422, 'rule_refused', `Microsoft 365 refused the rule: ${error.message}`);
    }
    if (error instanceof GraphRequestError && error.status === 403) {
      throw new ApiError(
        403,
        'rules_not_allowed',
        'This sign-in may not read or change Inbox rules. Sign out and in again to allow it.',
      );
    }
    throw error;
  }
}

async function fetchRules(userId: string): Promise<GraphRule[]> {
  const body = await graphRules(userId, async (client) =>
    z.object({ value: z.array(graphRuleSchema) }).parse(await client.api(RULES).get()),
  );
  return body.value.sort((x, y) => (x.sequence ?? 0) - (y.sequence ?? 0));
}

async function fetchRule(userId: string, id: string): Promise<GraphRule> {
  return graphRules(userId, async (client) => graphRuleSchema.parse(await client.api(rulePath(id)).get()));
}

/** What Graph would refuse or what would surprise: said in the person's words before asking it. */
async function checkInput(
  userId: string,
  input: Pick<RuleInput, 'conditions' | 'actions'>,
  existing?: GraphRule,
) {
  const dto = existing ? toDto(existing) : undefined;
  const { conditions: c, actions: a } = input;
  const hasCondition =
    c.fromAddresses.length > 0 ||
    c.subjectContains.length > 0 ||
    c.sentToMe ||
    c.hasAttachments ||
    !!dto?.otherConditions.length;
  if (!hasCondition) {
    throw new ApiError(
      422,
      'rule_invalid',
      'Choose at least one condition: a rule without one would act on every message.',
    );
  }
  const hasAction =
    !!a.moveToFolder ||
    a.markAsRead ||
    a.assignCategories.length > 0 ||
    a.delete ||
    a.forwardTo.length > 0 ||
    !!dto?.otherActions.length;
  if (!hasAction) throw new ApiError(422, 'rule_invalid', 'Choose at least one action for the rule.');
  if (a.moveToFolder && !(await findFolder(userId, a.moveToFolder))) {
    throw new ApiError(
      422,
      'rule_invalid',
      'The folder to move to is no longer in your mailbox. Choose another.',
    );
  }
}

export async function listRules(userId: string): Promise<RuleDto[]> {
  return (await fetchRules(userId)).map(toDto);
}

/** A new rule, run after the existing ones. */
export async function createRule(userId: string, input: RuleInput): Promise<RuleDto> {
  await checkInput(userId, input);
  const rules = await fetchRules(userId);
  const sequence = Math.max(0, ...rules.map((r) => r.sequence ?? 0)) + 1;
  const created = await graphRules(userId, async (client) =>
    graphRuleSchema.parse(
      await client
        .api(RULES)
        .post({ displayName: input.name, sequence, isEnabled: input.enabled, ...toGraph(input) }),
    ),
  );
  return toDto(created);
}

/** Changes a rule: its name, on/off, or (together) its conditions and actions. */
export async function updateRule(userId: string, id: string, patch: Partial<RuleInput>): Promise<RuleDto> {
  const existing = await fetchRule(userId, id);
  if (existing.isReadOnly) throw new ApiError(409, 'rule_read_only', 'This rule can’t be changed here.');
  let body: Record<string, unknown> = {
    ...(patch.name === undefined ? {} : { displayName: patch.name }),
    ...(patch.enabled === undefined ? {} : { isEnabled: patch.enabled }),
  };
  if (patch.conditions && patch.actions) {
    const edited = { conditions: patch.conditions, actions: patch.actions };
    await checkInput(userId, edited, existing);
    body = { ...body, ...toGraph(edited, existing) };
  }
  const updated = await graphRules(userId, async (client) =>
    graphRuleSchema.parse(await client.api(rulePath(id)).patch(body)),
  );
  return toDto(updated);
}

export async function deleteRule(userId: string, id: string): Promise<void> {
  await graphRules(userId, (client) => client.api(rulePath(id)).delete());
}

/** Gives the rules sequence 1, 2, 3… in this order, changing only those whose number differs. */
async function renumber(userId: string, ordered: GraphRule[]): Promise<void> {
  const changes = ordered.flatMap((rule, i) =>
    rule.sequence === i + 1 ? [] : [{ id: rule.id, sequence: i + 1 }],
  );
  for (const change of changes) {
    await graphRules(userId, (client) =>
      client.api(rulePath(change.id)).patch({ sequence: change.sequence }),
    );
  }
}

/** Moves a rule one place earlier or later in the order Exchange runs them; answers the new list. */
export async function moveRule(userId: string, id: string, direction: 'up' | 'down'): Promise<RuleDto[]> {
  const rules = await fetchRules(userId);
  const at = rules.findIndex((r) => r.id === id);
  if (at === -1) throw new ApiError(404, 'not_found', 'That rule is no longer there.');
  const to = direction === 'up' ? at - 1 : at + 1;
  const [moving] = rules.splice(at, 1);
  if (moving) rules.splice(Math.max(0, Math.min(rules.length, to)), 0, moving);
  await renumber(userId, rules);
  return listRules(userId);
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Blocks a message's sender as Outlook's Block sender does: a rule, run first, that moves their mail to
 * Junk Email from now on (unless one does already), and the message itself moved there now.
 */
export async function blockSender(userId: string, messageId: string): Promise<BlockSenderDto> {
  const message = await findMessage(userId, messageId);
  if (!message) throw new ApiError(404, 'not_found', 'That message is not in your mailbox any more.');
  const address = message.fromAddress?.trim();
  if (!address) throw new ApiError(422, 'no_sender', 'This message has no sender address to block.');
  const junk = await findFolder(userId, 'junkemail');
  if (!junk)
    throw new ApiError(409, 'no_junk_folder', 'Your mailbox has no Junk Email folder to move their mail to.');

  const rules = await fetchRules(userId);
  const existing = rules.find((rule) => {
    const dto = toDto(rule);
    return (
      dto.enabled &&
      dto.actions.moveToFolder === junk.graphId &&
      dto.conditions.fromAddresses.some((a) => sameAddress(a, address))
    );
  });
  let rule = existing;
  if (!rule) {
    const created = await graphRules(userId, async (client) =>
      graphRuleSchema.parse(
        await client.api(RULES).post({
          displayName: `Block ${address}`,
          sequence: 1,
          isEnabled: true,
          conditions: { fromAddresses: [{ emailAddress: { address, name: message.fromName || address } }] },
          actions: { moveToFolder: junk.graphId, stopProcessingRules: true },
        }),
      ),
    );
    // First in the order, so no other rule files their mail elsewhere before it.
    await renumber(userId, [created, ...rules]);
    rule = { ...created, sequence: 1 };
  }
  const moved =
    message.folderGraphId === junk.graphId
      ? toSummaryDto(message)
      : await moveToFolder(userId, messageId, junk.graphId);
  return { rule: toDto(rule), existed: existing !== undefined, message: moved };
}
