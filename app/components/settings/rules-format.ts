import type { FolderDto, RuleDto, RuleInput } from '@/lib/mail/types';

/* The rules screen's words and form values: pure, so they are tested without a browser. */

/** The editor's fields: lists are typed as text, separated by commas, semicolons or new lines. */
export interface RuleDraft {
  name: string;
  enabled: boolean;
  from: string;
  subjectContains: string;
  sentToMe: boolean;
  hasAttachments: boolean;
  moveToFolder: string;
  markAsRead: boolean;
  assignCategories: string[];
  delete: boolean;
  forwardTo: string;
  stopProcessingRules: boolean;
}

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  enabled: true,
  from: '',
  subjectContains: '',
  sentToMe: false,
  hasAttachments: false,
  moveToFolder: '',
  markAsRead: false,
  assignCategories: [],
  delete: false,
  forwardTo: '',
  stopProcessingRules: false,
};

export function draftOf(rule: RuleDto): RuleDraft {
  const { conditions: c, actions: a } = rule;
  return {
    name: rule.name,
    enabled: rule.enabled,
    from: c.fromAddresses.join(', '),
    subjectContains: c.subjectContains.join(', '),
    sentToMe: c.sentToMe,
    hasAttachments: c.hasAttachments,
    moveToFolder: a.moveToFolder ?? '',
    markAsRead: a.markAsRead,
    assignCategories: a.assignCategories,
    delete: a.delete,
    forwardTo: a.forwardTo.join(', '),
    stopProcessingRules: a.stopProcessingRules,
  };
}

/** A list typed as text, each item once (case-insensitively), empty items dropped. */
export function splitList(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/[,;\n]/)
    .map((item) => item.trim())
    .filter((item) => {
      const key = item.toLowerCase();
      if (!item || seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/**
 * The draft as the API takes it, or what is wrong with it in the person's words (the server checks the
 * same again, and Microsoft 365 after it).
 */
export function inputOf(
  draft: RuleDraft,
  other: { conditions: number; actions: number } = { conditions: 0, actions: 0 },
): { ok: true; input: RuleInput } | { ok: false; problem: string } {
  const from = splitList(draft.from);
  const forwardTo = splitList(draft.forwardTo);
  const badAddress = [...from, ...forwardTo].find((a) => !EMAIL.test(a));
  const input: RuleInput = {
    name: draft.name.trim(),
    enabled: draft.enabled,
    conditions: {
      fromAddresses: from,
      subjectContains: splitList(draft.subjectContains),
      sentToMe: draft.sentToMe,
      hasAttachments: draft.hasAttachments,
    },
    actions: {
      moveToFolder: draft.moveToFolder || null,
      markAsRead: draft.markAsRead,
      assignCategories: draft.assignCategories,
      delete: draft.delete,
      forwardTo,
      stopProcessingRules: draft.stopProcessingRules,
    },
  };
  const { conditions: c, actions: a } = input;
  if (!input.name) return { ok: false, problem: 'Give the rule a name.' };
  if (badAddress) return { ok: false, problem: `“${badAddress}” is not an email address.` };
  if (
    !c.fromAddresses.length &&
    !c.subjectContains.length &&
    !c.sentToMe &&
    !c.hasAttachments &&
    !other.conditions
  ) {
    return {
      ok: false,
      problem: 'Choose at least one condition: a rule without one would act on every message.',
    };
  }
  if (
    !a.moveToFolder &&
    !a.markAsRead &&
    !a.assignCategories.length &&
    !a.delete &&
    !a.forwardTo.length &&
    !other.actions
  ) {
    return { ok: false, problem: 'Choose at least one action.' };
  }
  if (a.moveToFolder && a.delete)
    return { ok: false, problem: 'Choose either Move to folder or Delete, not both.' };
  return { ok: true, input };
}

const quoted = (items: string[]) => items.map((i) => `“${i}”`).join(' or ');

/** "From a@b.test or c@d.test · Subject contains “invoice”" */
export function conditionsText(rule: RuleDto): string {
  const c = rule.conditions;
  const parts = [
    c.fromAddresses.length ? `From ${c.fromAddresses.join(' or ')}` : '',
    c.subjectContains.length ? `Subject contains ${quoted(c.subjectContains)}` : '',
    c.sentToMe ? 'Sent to me' : '',
    c.hasAttachments ? 'Has an attachment' : '',
    rule.otherConditions.length ? `${rule.otherConditions.length} more set in Outlook` : '',
  ].filter(Boolean);
  return parts.join(' · ') || 'Every message';
}

/** "Move to Projects · Mark as read · Stop processing more rules" */
export function actionsText(rule: RuleDto, folders: FolderDto[] | undefined): string {
  const a = rule.actions;
  const folder = a.moveToFolder ? folders?.find((f) => f.id === a.moveToFolder) : undefined;
  const parts = [
    a.moveToFolder ? `Move to ${folder?.name ?? 'a folder that is no longer there'}` : '',
    a.markAsRead ? 'Mark as read' : '',
    a.assignCategories.length ? `Categorize ${a.assignCategories.join(', ')}` : '',
    a.delete ? 'Delete' : '',
    a.forwardTo.length ? `Forward to ${a.forwardTo.join(', ')}` : '',
    rule.otherActions.length ? `${rule.otherActions.length} more set in Outlook` : '',
    a.stopProcessingRules ? 'Stop processing more rules' : '',
  ].filter(Boolean);
  return parts.join(' · ') || 'Nothing';
}
