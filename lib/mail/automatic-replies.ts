import 'server-only';
import { z } from 'zod';
import { withGraph } from '../graph/client';
import type { AutomaticRepliesInput } from './automatic-replies-input';
import { instantOf, utcDateTime } from './automatic-replies-time';
import { sanitizeEditable } from './signatures';
import type { AutomaticRepliesDto } from './types';

/*
 * The mailbox's automatic replies (out of office): Graph's mailboxSettings.automaticRepliesSetting, read
 * and written through /me/mailboxSettings (MailboxSettings.ReadWrite). Exchange sends the replies; Tidings
 * only sets them. The two messages are HTML, written in Tidings with the compose editor and kept to what it
 * can hold, whichever side wrote them (Outlook writes whole documents with styles).
 */

const dateTimeTimeZone = z.object({ dateTime: z.string(), timeZone: z.string() }).nullish();
const lower = z.string().transform((v) => v.toLowerCase());
const settingSchema = z.object({
  status: lower
    .pipe(z.enum(['disabled', 'alwaysenabled', 'scheduled']))
    .transform((v) => (v === 'alwaysenabled' ? ('alwaysEnabled' as const) : v)),
  externalAudience: lower
    .pipe(z.enum(['none', 'contactsonly', 'all']))
    .transform((v) => (v === 'contactsonly' ? ('contactsOnly' as const) : v))
    .nullish(),
  scheduledStartDateTime: dateTimeTimeZone,
  scheduledEndDateTime: dateTimeTimeZone,
  internalReplyMessage: z.string().nullish(),
  externalReplyMessage: z.string().nullish(),
});
type GraphSetting = z.infer<typeof settingSchema>;

function toDto(setting: GraphSetting): AutomaticRepliesDto {
  return {
    status: setting.status,
    scheduledStart: instantOf(setting.scheduledStartDateTime),
    scheduledEnd: instantOf(setting.scheduledEndDateTime),
    internalReplyMessage: sanitizeEditable(setting.internalReplyMessage ?? ''),
    externalReplyMessage: sanitizeEditable(setting.externalReplyMessage ?? ''),
    externalAudience: setting.externalAudience ?? 'all',
  };
}

export async function getAutomaticReplies(userId: string): Promise<AutomaticRepliesDto> {
  const setting = await withGraph(userId, async (client) =>
    settingSchema.parse(await client.api('/me/mailboxSettings/automaticRepliesSetting').get()),
  );
  return toDto(setting);
}

/** Changes the automatic replies; what is not given stays as it is on the mailbox. */
export async function setAutomaticReplies(
  userId: string,
  input: AutomaticRepliesInput,
): Promise<AutomaticRepliesDto> {
  const patch = {
    status: input.status,
    ...(input.externalAudience ? { externalAudience: input.externalAudience } : {}),
    ...(input.internalReplyMessage === undefined
      ? {}
      : { internalReplyMessage: sanitizeEditable(input.internalReplyMessage) }),
    ...(input.externalReplyMessage === undefined
      ? {}
      : { externalReplyMessage: sanitizeEditable(input.externalReplyMessage) }),
    ...(input.scheduledStart ? { scheduledStartDateTime: utcDateTime(input.scheduledStart) } : {}),
    ...(input.scheduledEnd ? { scheduledEndDateTime: utcDateTime(input.scheduledEnd) } : {}),
  };
  await withGraph(userId, async (client) => {
    await client.api('/me/mailboxSettings').patch({ automaticRepliesSetting: patch });
  });
  return getAutomaticReplies(userId);
}
