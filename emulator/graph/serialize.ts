import type { EmulatorContext } from '../context';
import type { StoredAttachment, StoredFolder, StoredMessage } from '../store/types';
import { meetingMessageFields } from './events-serialize';

/** A message as Graph returns it (all default properties). `$select` trimming happens in the caller. */
export function messageToGraph(message: StoredMessage, options: { bodyType?: 'html' | 'text' } = {}) {
  const body =
    options.bodyType === 'text' && message.body.contentType === 'html'
      ? { contentType: 'text', content: htmlToText(message.body.content) }
      : message.body;
  return {
    '@odata.etag': `W/"${message.changeKey}"`,
    id: message.id,
    createdDateTime: message.createdDateTime,
    lastModifiedDateTime: message.lastModifiedDateTime,
    changeKey: message.changeKey,
    categories: message.categories,
    receivedDateTime: message.receivedDateTime,
    sentDateTime: message.sentDateTime,
    hasAttachments: message.attachments.some((a) => !a.isInline),
    internetMessageId: message.internetMessageId,
    subject: message.subject,
    bodyPreview: message.bodyPreview,
    importance: message.importance,
    parentFolderId: message.parentFolderId,
    conversationId: message.conversationId,
    conversationIndex: message.conversationIndex,
    isDeliveryReceiptRequested: false,
    isReadReceiptRequested: false,
    isRead: message.isRead,
    isDraft: message.isDraft,
    webLink: `https://outlook.office365.com/owa/?ItemID=${encodeURIComponent(message.id)}&exvsurl=1&viewmodel=ReadMessageItem`,
    inferenceClassification: message.inferenceClassification,
    body,
    sender: message.sender,
    from: message.from,
    toRecipients: message.toRecipients,
    ccRecipients: message.ccRecipients,
    bccRecipients: message.bccRecipients,
    replyTo: message.replyTo,
    flag: message.flag,
    ...(message.meeting ? meetingMessageFields(message.meeting) : {}),
  };
}

/** A file attachment; contentBytes only when asked for (GET of one attachment). */
export function attachmentToGraph(attachment: StoredAttachment, withContent: boolean) {
  return {
    '@odata.type': '#microsoft.graph.fileAttachment',
    '@odata.mediaContentType': attachment.contentType,
    id: attachment.id,
    lastModifiedDateTime: attachment.lastModifiedDateTime,
    name: attachment.name,
    contentType: attachment.contentType,
    size: attachment.size,
    isInline: attachment.isInline,
    contentId: attachment.contentId,
    contentLocation: null,
    ...(withContent ? { contentBytes: attachment.contentBytes.toString('base64') } : {}),
  };
}

export function folderToGraph(ctx: EmulatorContext, folder: StoredFolder) {
  return {
    id: folder.id,
    displayName: folder.displayName,
    parentFolderId: folder.parentFolderId ?? ctx.store.rootFolder(folder.userId).id,
    ...ctx.store.folderCounts(folder.id),
    isHidden: folder.isHidden,
    // Not in Graph's default response, but selectable; Tidings asks for it to recognise folders.
    wellKnownName: folder.wellKnownName,
  };
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|h\d|li)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
