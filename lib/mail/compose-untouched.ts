import { addressOf } from './compose-address';

/*
 * Whether a reply or forward was left as Exchange made it. Clicking Reply creates a draft on Microsoft 365
 * at once (Exchange writes the quote and the recipients); closing it without writing anything should not
 * leave it behind, or Drafts grows with every click. What counts as writing: words in the body, another
 * subject or importance, recipients added or removed, a file attached or removed, a picture pasted.
 */

export type ResponseKind = 'new' | 'reply' | 'replyAll' | 'forward' | 'resume';

export interface UntouchedFields {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  bodyHtml: string;
  importance?: string;
}

const addressSet = (value: string) =>
  value
    .split(/[,;]/)
    .map((part) => addressOf(part).toLowerCase())
    .filter(Boolean)
    .sort()
    .join('\n');

export function isUntouchedResponse(
  kind: ResponseKind,
  initial: UntouchedFields,
  current: UntouchedFields,
  { attachmentsChanged }: { attachmentsChanged: boolean },
): boolean {
  if (kind !== 'reply' && kind !== 'replyAll' && kind !== 'forward') return false;
  if (attachmentsChanged) return false;
  return (
    (['to', 'cc', 'bcc'] as const).every((k) => addressSet(initial[k]) === addressSet(current[k])) &&
    initial.subject.trim() === current.subject.trim() &&
    initial.bodyHtml === current.bodyHtml &&
    (initial.importance ?? 'normal') === (current.importance ?? 'normal')
  );
}
