import { z } from 'zod';
import type { MailStore } from '../store/mail-store';
import { newAttachment } from '../store/message-factory';
import type { Recipient, StoredAttachment } from '../store/types';
import type { MailUser } from '../users';
import { badRequest, GraphError } from './errors';

/*
 * Request bodies of the compose APIs. Graph matches enum values case-insensitively ("HTML", "html") and
 * ignores read-only properties it does not know, so the schemas do too.
 */

/** Graph's limit for a single POST of an attachment; larger files need an upload session. */
export const MAX_INLINE_ATTACHMENT_BYTES = 3 * 1024 * 1024;

const lower = z.string().transform((v) => v.toLowerCase());
const contentTypeSchema = lower.pipe(z.enum(['html', 'text']));
const importanceSchema = lower.pipe(z.enum(['low', 'normal', 'high']));

const recipientSchema = z.object({
  emailAddress: z.object({ address: z.string(), name: z.string().nullish() }),
});

export const fileAttachmentSchema = z.object({
  '@odata.type': z.string(),
  name: z.string().min(1),
  contentType: z.string().nullish(),
  contentBytes: z.string(),
  isInline: z.boolean().nullish(),
  contentId: z.string().nullish(),
});

export const messageInputSchema = z.object({
  subject: z.string().nullish(),
  body: z.object({ contentType: contentTypeSchema, content: z.string() }).nullish(),
  toRecipients: z.array(recipientSchema).nullish(),
  ccRecipients: z.array(recipientSchema).nullish(),
  bccRecipients: z.array(recipientSchema).nullish(),
  replyTo: z.array(recipientSchema).nullish(),
  importance: importanceSchema.nullish(),
  isRead: z.boolean().nullish(),
  flag: z.object({ flagStatus: z.enum(['notFlagged', 'flagged', 'complete']) }).nullish(),
  categories: z.array(z.string()).nullish(),
  attachments: z.array(fileAttachmentSchema).nullish(),
  /** MAPI properties by id, e.g. PidTagDeferredSendTime ("SystemTime 0x3FEF"); see extended-properties.ts. */
  singleValueExtendedProperties: z
    .array(z.object({ id: z.string(), value: z.string() }))
    .max(100)
    .nullish(),
});

export type MessageInput = z.infer<typeof messageInputSchema>;

export const sendMailSchema = z.object({
  message: messageInputSchema,
  saveToSentItems: z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]).nullish(),
});

/** createReply/createReplyAll/createForward and reply/replyAll/forward. */
export const replyInputSchema = z.object({
  comment: z.string().nullish(),
  message: messageInputSchema.nullish(),
  toRecipients: z.array(recipientSchema).nullish(),
});

export type ReplyInput = z.infer<typeof replyInputSchema>;

export const uploadSessionSchema = z.object({
  AttachmentItem: z.object({
    attachmentType: lower.pipe(z.literal('file')),
    name: z.string().min(1),
    size: z.number().int().nonnegative(),
    contentType: z.string().nullish(),
    isInline: z.boolean().nullish(),
    contentId: z.string().nullish(),
  }),
});

const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Recipients as stored. Malformed addresses are refused with ErrorInvalidRecipients, as Exchange refuses
 * them; a missing display name becomes the directory name for users of this tenant, else the address.
 */
export function toRecipients(
  store: MailStore,
  input: readonly { emailAddress: { address: string; name?: string | null } }[] | null | undefined,
): Recipient[] {
  return (input ?? []).map(({ emailAddress }) => {
    const address = emailAddress.address.trim();
    if (!ADDRESS.test(address)) {
      throw badRequest(
        `At least one recipient isn't valid: '${address}' is not a valid SMTP address.`,
        'ErrorInvalidRecipients',
      );
    }
    const name = emailAddress.name?.trim() || userByAddress(store, address)?.displayName || address;
    return { emailAddress: { name, address } };
  });
}

/** A user of this tenant by SMTP address only (not by alias or id, unlike MailStore.findUser). */
export function userByAddress(store: MailStore, address: string): MailUser | undefined {
  if (!address.includes('@')) return undefined;
  const user = store.findUser(address);
  return user &&
    (user.mail.toLowerCase() === address.toLowerCase() ||
      user.userPrincipalName.toLowerCase() === address.toLowerCase())
    ? user
    : undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** A file attachment from Graph JSON; only fileAttachment is supported by the emulator. */
export function toAttachment(input: z.infer<typeof fileAttachmentSchema>): StoredAttachment {
  const type = input['@odata.type'].replace(/^#/, '').toLowerCase();
  if (type !== 'microsoft.graph.fileattachment') {
    throw badRequest(
      `The emulator supports only #microsoft.graph.fileAttachment, not '${input['@odata.type']}'.`,
      'ErrorInvalidRequest',
    );
  }
  const compact = input.contentBytes.replace(/\s+/g, '');
  if (compact.length % 4 === 1 || !BASE64.test(compact)) {
    throw badRequest('contentBytes must be base64.', 'ErrorInvalidRequest');
  }
  const contentBytes = Buffer.from(compact, 'base64');
  if (contentBytes.length > MAX_INLINE_ATTACHMENT_BYTES) {
    throw new GraphError(
      413,
      'ErrorRequestEntityTooLarge',
      'The attachment is larger than 3 MB. Attach it with an upload session (attachments/createUploadSession).',
    );
  }
  return newAttachment({
    name: input.name,
    contentType: input.contentType ?? 'application/octet-stream',
    contentBytes,
    isInline: input.isInline ?? false,
    contentId: input.contentId ?? null,
  });
}
