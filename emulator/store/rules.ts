import { randomBytes } from 'node:crypto';
import type { MailStore } from './mail-store';
import type { Recipient, StoredMessage } from './types';

/*
 * A mailbox's Inbox rules (Graph's messageRule): what they say, kept beside the store per mailbox and
 * emptied on reset, and what they do to a message delivered into the Inbox. Exchange runs them in
 * `sequence` order as mail arrives, before anyone is told of it: so do we (mail-store's delivery filters).
 */

/** The conditions (and exceptions) the emulator evaluates: Graph's messageRulePredicates, the common ones. */
export interface RulePredicates {
  bodyContains?: string[];
  bodyOrSubjectContains?: string[];
  categories?: string[];
  fromAddresses?: Recipient[];
  hasAttachments?: boolean;
  headerContains?: string[];
  importance?: 'low' | 'normal' | 'high';
  notSentToMe?: boolean;
  recipientContains?: string[];
  senderContains?: string[];
  sentCcMe?: boolean;
  sentOnlyToMe?: boolean;
  sentToAddresses?: Recipient[];
  sentToMe?: boolean;
  sentToOrCcMe?: boolean;
  subjectContains?: string[];
}

/** Graph's messageRuleActions, those the emulator carries out. */
export interface RuleActions {
  assignCategories?: string[];
  copyToFolder?: string;
  delete?: boolean;
  forwardTo?: Recipient[];
  markAsRead?: boolean;
  markImportance?: 'low' | 'normal' | 'high';
  moveToFolder?: string;
  permanentDelete?: boolean;
  stopProcessingRules?: boolean;
}

export interface StoredRule {
  id: string;
  displayName: string;
  sequence: number;
  isEnabled: boolean;
  hasError: boolean;
  isReadOnly: boolean;
  conditions: RulePredicates;
  exceptions: RulePredicates;
  actions: RuleActions;
}

/** Exchange's loop guard: a message a rule forwarded names the mailboxes whose rules forwarded it. */
export const RULES_LOOP_HEADER = 'X-MS-Exchange-Inbox-Rules-Loop';

const byStore = new WeakMap<MailStore, Map<string, StoredRule[]>>();

function rulesByUser(store: MailStore): Map<string, StoredRule[]> {
  let map = byStore.get(store);
  if (!map) {
    const created = new Map<string, StoredRule[]>();
    store.on('reset', () => created.clear());
    byStore.set(store, created);
    map = created;
  }
  return map;
}

/** A mailbox's rules in the order Exchange runs them: by sequence, then in the order they were made. */
export function rulesOf(store: MailStore, userId: string): StoredRule[] {
  const list = rulesByUser(store).get(userId) ?? [];
  return [...list].sort((a, b) => a.sequence - b.sequence);
}

export function findRule(store: MailStore, userId: string, id: string): StoredRule | undefined {
  return rulesByUser(store)
    .get(userId)
    ?.find((r) => r.id === id);
}

/** Graph's rule ids are short base64 strings ("AQAAAJ5dZqA="); these avoid / and +, which paths would mangle. */
function newRuleId(): string {
  for (;;) {
    const id = randomBytes(8).toString('base64');
    if (!/[/+]/.test(id)) return id;
  }
}

export function addRule(store: MailStore, userId: string, rule: Omit<StoredRule, 'id'>): StoredRule {
  const map = rulesByUser(store);
  const list = map.get(userId) ?? [];
  const stored: StoredRule = { ...rule, id: newRuleId() };
  list.push(stored);
  map.set(userId, list);
  return stored;
}

export function removeRule(store: MailStore, userId: string, id: string): boolean {
  const list = rulesByUser(store).get(userId);
  const at = list?.findIndex((r) => r.id === id) ?? -1;
  if (!list || at === -1) return false;
  list.splice(at, 1);
  return true;
}

/** Whether a mailbox has any rule (checked before anything else on each delivery: most have none). */
export function hasRules(store: MailStore, userId: string): boolean {
  return (rulesByUser(store).get(userId)?.length ?? 0) > 0;
}

const lower = (s: string | null | undefined) => (s ?? '').toLowerCase();
const containsAny = (haystack: string, needles: string[] | undefined) =>
  needles === undefined || needles.some((n) => haystack.includes(n.toLowerCase()));
const addressIn = (address: string, list: Recipient[]) =>
  list.some((r) => lower(r.emailAddress.address) === lower(address));

function bodyText(message: StoredMessage): string {
  const { content, contentType } = message.body;
  return lower(contentType === 'html' ? content.replace(/<[^>]+>/g, ' ') : content);
}

/** Each predicate given must hold (a list holds when any of its strings or addresses does). */
function matches(p: RulePredicates, message: StoredMessage, me: string): boolean {
  const from = message.from?.emailAddress;
  const recipients = [...message.toRecipients, ...message.ccRecipients];
  const recipientText = recipients.map(
    (r) => `${lower(r.emailAddress.address)} ${lower(r.emailAddress.name)}`,
  );
  const toMe = addressIn(me, message.toRecipients);
  const ccMe = addressIn(me, message.ccRecipients);
  const checks: { [K in keyof Required<RulePredicates>]: (value: Required<RulePredicates>[K]) => boolean } = {
    subjectContains: (v) => containsAny(lower(message.subject), v),
    bodyContains: (v) => containsAny(bodyText(message), v),
    bodyOrSubjectContains: (v) => containsAny(`${lower(message.subject)}\n${bodyText(message)}`, v),
    senderContains: (v) => containsAny(`${lower(from?.address)} ${lower(from?.name)}`, v),
    fromAddresses: (v) => Boolean(from && addressIn(from.address, v)),
    recipientContains: (v) => v.some((n) => recipientText.some((r) => r.includes(lower(n)))),
    sentToAddresses: (v) => v.some((a) => addressIn(a.emailAddress.address, recipients)),
    headerContains: (v) =>
      containsAny(
        (message.internetMessageHeaders ?? []).map((h) => lower(`${h.name}: ${h.value}`)).join('\n'),
        v,
      ),
    categories: (v) => v.some((c) => message.categories.some((m) => lower(m) === lower(c))),
    importance: (v) => message.importance === v,
    hasAttachments: () => message.attachments.some((a) => !a.isInline),
    sentToMe: () => toMe,
    notSentToMe: () => !toMe,
    sentCcMe: () => ccMe,
    sentToOrCcMe: () => toMe || ccMe,
    sentOnlyToMe: () => toMe && recipients.length === 1 && message.bccRecipients.length === 0,
  };
  // A boolean predicate is a condition when true; false (Exchange's default) asks nothing.
  return Object.entries(p).every(([name, value]) => {
    if (value === undefined || value === false) return true;
    const check = checks[name as keyof RulePredicates] as (v: unknown) => boolean;
    return check(value);
  });
}

/** Whether any exception holds: exceptions are alternatives, one is enough to skip the rule. */
function excepted(exceptions: RulePredicates, message: StoredMessage, me: string): boolean {
  return Object.entries(exceptions).some(
    ([name, value]) => value !== undefined && value !== false && matches({ [name]: value }, message, me),
  );
}

/** What is left to do once the message is stored: copies and forwards. */
export interface RuleAftermath {
  copyTo: string[];
  forwardTo: Recipient[];
}

/**
 * Runs the mailbox's enabled rules on a message delivered into its Inbox, changing it in place (folder, read
 * state, importance, categories). Answers `drop` for a permanent delete, or what must follow the insert.
 * A rule whose folder is gone is marked hasError and skipped, as Exchange marks it.
 */
export function applyRules(
  store: MailStore,
  message: StoredMessage,
  me: { id: string; mail: string },
): RuleAftermath | 'drop' {
  const aftermath: RuleAftermath = { copyTo: [], forwardTo: [] };
  const forwardedBy = (message.internetMessageHeaders ?? [])
    .filter((h) => lower(h.name) === lower(RULES_LOOP_HEADER))
    .map((h) => lower(h.value));
  for (const rule of rulesOf(store, me.id)) {
    if (!rule.isEnabled || rule.hasError) continue;
    if (!matches(rule.conditions, message, me.mail) || excepted(rule.exceptions, message, me.mail)) continue;
    const a = rule.actions;
    const folders = [a.moveToFolder, a.copyToFolder].filter((f): f is string => f !== undefined);
    if (folders.some((f) => !store.getFolder(me.id, f))) {
      rule.hasError = true;
      continue;
    }
    if (a.permanentDelete) return 'drop';
    if (a.markAsRead) message.isRead = true;
    if (a.markImportance) message.importance = a.markImportance;
    if (a.assignCategories) {
      const have = new Set(message.categories.map(lower));
      message.categories = [...message.categories, ...a.assignCategories.filter((c) => !have.has(lower(c)))];
    }
    if (a.copyToFolder) aftermath.copyTo.push(a.copyToFolder);
    if (a.forwardTo && !forwardedBy.includes(lower(me.mail))) aftermath.forwardTo.push(...a.forwardTo);
    if (a.moveToFolder) message.parentFolderId = a.moveToFolder;
    if (a.delete) {
      const deleted = store.getFolder(me.id, 'deleteditems');
      if (deleted) message.parentFolderId = deleted.id;
    }
    if (a.stopProcessingRules) break;
  }
  return aftermath;
}
