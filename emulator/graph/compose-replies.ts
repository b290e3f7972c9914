import { randomBytes } from 'node:crypto';
import type { EmulatorContext } from '../context';
import { buildMessage, type NewMessage, previewOf } from '../store/message-factory';
import type { Recipient, StoredMessage } from '../store/types';
import type { MailUser } from '../users';
import { asRecipient, cloneAttachment, newInternetMessageId } from './compose-delivery';
import { type ReplyInput, toAttachment, toRecipients } from './compose-input';
import { badRequest, notFound } from './errors';

export type ResponseKind = 'reply' | 'replyAll' | 'forward';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Outlook's "Sent:" line; Graph writes it in UTC unless Prefer: outlook.timezone says otherwise. */
function sentLine(iso: string): string {
  const d = new Date(iso);
  const hours = d.getUTCHours();
  const minutes = String(d.getUTCMinutes()).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]}, ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} ${hours % 12 || 12}:${minutes} ${hours < 12 ? 'AM' : 'PM'}`;
}

function addressList(recipients: readonly Recipient[]): string {
  return recipients
    .map((r) => `${escapeHtml(r.emailAddress.name)} &lt;${escapeHtml(r.emailAddress.address)}&gt;`)
    .join('; ');
}

/** The part of an HTML document inside <body>, so a quoted mail does not nest <html> elements. */
function bodyInner(html: string): string {
  const match = /<body[^>]*>([\s\S]*?)<\/body>/i.exec(html);
  return match?.[1] ?? html;
}

function asHtml(body: { contentType: 'html' | 'text'; content: string }): string {
  return body.contentType === 'html'
    ? bodyInner(body.content)
    : `<div>${escapeHtml(body.content).replace(/\r?\n/g, '<br>')}</div>`;
}

/** The reply's HTML: the comment, then Outlook's header block and the original body. */
export function quotedBody(original: StoredMessage, commentHtml: string): string {
  const header = [
    `<b>From:</b> ${original.from ? addressList([original.from]) : ''}`,
    `<b>Sent:</b> ${sentLine(original.sentDateTime ?? original.receivedDateTime)}`,
    `<b>To:</b> ${addressList(original.toRecipients)}`,
    ...(original.ccRecipients.length > 0 ? [`<b>Cc:</b> ${addressList(original.ccRecipients)}`] : []),
    `<b>Subject:</b> ${escapeHtml(original.subject)}`,
  ].join('<br>\n');
  return [
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body>',
    `<div>${commentHtml}</div>`,
    '<hr style="display:inline-block;width:98%" tabindex="-1">',
    `<div id="divRplyFwdMsg" dir="ltr">${header}</div>`,
    `<div>${asHtml(original.body)}</div>`,
    '</body></html>',
  ].join('\n');
}

function withPrefix(prefix: 'RE' | 'FW', subject: string): string {
  const already = prefix === 'RE' ? /^re:/i : /^(fw|fwd):/i;
  return already.test(subject.trim()) ? subject : `${prefix}: ${subject}`;
}

function withoutAddresses(recipients: readonly Recipient[], exclude: ReadonlySet<string>): Recipient[] {
  const seen = new Set(exclude);
  const result: Recipient[] = [];
  for (const r of recipients) {
    const key = r.emailAddress.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(r);
  }
  return result;
}

/** Who a reply goes to, following Outlook: replyTo over from, and one's own sent mail goes to its recipients. */
function responseRecipients(user: MailUser, original: StoredMessage, kind: ResponseKind) {
  if (kind === 'forward') return { to: [], cc: [] };
  const me = new Set([user.mail.toLowerCase(), user.userPrincipalName.toLowerCase()]);
  const fromMe = me.has(original.from?.emailAddress.address.toLowerCase() ?? '');
  const author = original.replyTo.length > 0 ? original.replyTo : original.from ? [original.from] : [];
  if (kind === 'reply') return { to: fromMe ? [...original.toRecipients] : [...author], cc: [] };
  const to = withoutAddresses(fromMe ? original.toRecipients : [...author, ...original.toRecipients], me);
  const cc = withoutAddresses(
    original.ccRecipients,
    new Set([...me, ...to.map((r) => r.emailAddress.address.toLowerCase())]),
  );
  return { to, cc };
}

/**
 * The draft a reply, reply-all or forward starts as: "RE:"/"FW:" subject, the original's conversation,
 * Graph's recipients, the comment above a quote of the original. Forwards carry the original's
 * attachments; replies keep only inline images so the quoted body still shows them.
 */
export function buildResponse(
  ctx: EmulatorContext,
  user: MailUser,
  original: StoredMessage,
  kind: ResponseKind,
  input: ReplyInput,
): NewMessage {
  if (input.comment && input.message?.body) {
    throw badRequest(
      'Specify either comment or the body property of the message parameter, not both.',
      'ErrorInvalidRequest',
    );
  }
  const drafts = ctx.store.getFolder(user.id, 'drafts');
  if (!drafts) throw notFound('The mailbox has no Drafts folder.');
  const recipients = responseRecipients(user, original, kind);
  const override = input.message;
  const commentHtml = override?.body
    ? asHtml(override.body)
    : escapeHtml(input.comment ?? '').replace(/\r?\n/g, '<br>');
  const body = { contentType: 'html' as const, content: quotedBody(original, commentHtml) };
  const carried = original.attachments.filter((a) => kind === 'forward' || (a.isInline && a.contentId));
  const to = override?.toRecipients ?? input.toRecipients;
  const now = new Date().toISOString();
  const me = asRecipient(user);
  return buildMessage({
    userId: user.id,
    parentFolderId: drafts.id,
    subject: override?.subject ?? withPrefix(kind === 'forward' ? 'FW' : 'RE', original.subject),
    body,
    bodyPreview: previewOf(body),
    conversationId: original.conversationId,
    conversationIndex: Buffer.concat([
      Buffer.from(original.conversationIndex, 'base64'),
      randomBytes(5),
    ]).toString('base64'),
    internetMessageId: newInternetMessageId(),
    from: me,
    sender: me,
    toRecipients: to ? toRecipients(ctx.store, to) : recipients.to,
    ccRecipients: override?.ccRecipients ? toRecipients(ctx.store, override.ccRecipients) : recipients.cc,
    bccRecipients: toRecipients(ctx.store, override?.bccRecipients),
    importance: override?.importance ?? 'normal',
    categories: override?.categories ?? [],
    attachments: [...carried.map(cloneAttachment), ...(override?.attachments ?? []).map(toAttachment)],
    isDraft: true,
    isRead: true,
    createdDateTime: now,
    lastModifiedDateTime: now,
    receivedDateTime: now,
    sentDateTime: null,
  });
}
