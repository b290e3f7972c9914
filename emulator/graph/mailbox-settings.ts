import type { Router } from 'express';
import { z } from 'zod';
import type { EmulatorContext } from '../context';
import {
  type AutomaticRepliesSetting,
  automaticReplies,
  EXTERNAL_AUDIENCES,
  firstReplyTo,
  instantOf,
  knownTimeZone,
  REPLY_STATUSES,
  repliesActive,
  updateAutomaticReplies,
} from '../store/automatic-replies';
import { buildMessage } from '../store/message-factory';
import type { StoredMessage } from '../store/types';
import { callerOf, requireScope } from './auth';
import { asRecipient, sendMessage } from './compose-delivery';
import { userByAddress } from './compose-input';
import { badRequest, notFound, parseBody } from './errors';
import { metadata } from './folders';
import { messageToGraph } from './serialize';

/*
 * /me/mailboxSettings with its automaticRepliesSetting (out of office), as Graph v1.0 serves them, and the
 * replies themselves: while they are on (always, or within their schedule on the emulator's clock), mail
 * delivered to the mailbox is answered once per sender, with the internal message for people of this
 * tenant and the external one for others when the external audience is "all" (the emulator keeps no
 * contacts, so "contactsOnly" answers nobody outside). Automatic replies are never answered themselves.
 */

const SETTINGS_READ = ['MailboxSettings.Read', 'MailboxSettings.ReadWrite'];
const SETTINGS_WRITE = ['MailboxSettings.ReadWrite'];

/** Graph matches enum values case-insensitively. */
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((v) => values.find((x) => x.toLowerCase() === v.toLowerCase()) ?? v)
    .pipe(z.enum(values));

const dateTimeTimeZone = z.object({
  dateTime: z
    .string()
    .refine((v) => !Number.isNaN(Date.parse(`${v.replace(/Z$/, '').slice(0, 23)}Z`)), 'a date and time'),
  timeZone: z.string().refine(knownTimeZone, 'UTC or an IANA time zone name'),
});

const automaticRepliesSchema = z
  .object({
    status: oneOf(REPLY_STATUSES),
    externalAudience: oneOf(EXTERNAL_AUDIENCES),
    scheduledStartDateTime: dateTimeTimeZone,
    scheduledEndDateTime: dateTimeTimeZone,
    internalReplyMessage: z.string().max(128_000),
    externalReplyMessage: z.string().max(128_000),
  })
  .partial();

const patchSchema = z.strictObject({
  automaticRepliesSetting: automaticRepliesSchema.optional(),
});

/** Clients echo annotations such as @odata.context back; Graph ignores them. */
const withoutAnnotations = (body: unknown): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries((body ?? {}) as Record<string, unknown>)
      .filter(([key]) => !key.startsWith('@'))
      .map(([key, value]) => [
        key,
        value && typeof value === 'object' && !Array.isArray(value) ? withoutAnnotations(value) : value,
      ]),
  );

const settingToGraph = (setting: AutomaticRepliesSetting) => ({
  status: setting.status,
  externalAudience: setting.externalAudience,
  internalReplyMessage: setting.internalReplyMessage,
  externalReplyMessage: setting.externalReplyMessage,
  scheduledStartDateTime: { ...setting.scheduledStartDateTime },
  scheduledEndDateTime: { ...setting.scheduledEndDateTime },
});

export function registerMailboxSettingsRoutes(graph: Router, ctx: EmulatorContext): void {
  const userOf = (res: Parameters<typeof callerOf>[0]) => {
    const userId = callerOf(res).userId;
    if (!ctx.store.users.has(userId)) throw notFound('The mailbox does not exist.');
    return userId;
  };

  graph.get('/me/mailboxSettings', (_req, res) => {
    requireScope(res, ...SETTINGS_READ);
    const userId = userOf(res);
    res.json({
      '@odata.context': metadata(ctx, res, 'mailboxSettings'),
      archiveFolder: ctx.store.getFolder(userId, 'archive')?.id ?? null,
      timeZone: 'UTC',
      automaticRepliesSetting: settingToGraph(automaticReplies(ctx.store, userId)),
      language: { locale: 'en-US', displayName: 'English (United States)' },
      dateFormat: 'M/d/yyyy',
      timeFormat: 'h:mm tt',
      userPurpose: 'user',
      delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
      workingHours: {
        daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
        startTime: '08:00:00.0000000',
        endTime: '17:00:00.0000000',
        timeZone: { name: 'UTC' },
      },
    });
  });

  graph.get('/me/mailboxSettings/automaticRepliesSetting', (_req, res) => {
    requireScope(res, ...SETTINGS_READ);
    res.json({
      '@odata.context': metadata(ctx, res, 'mailboxSettings/automaticRepliesSetting'),
      ...settingToGraph(automaticReplies(ctx.store, userOf(res))),
    });
  });

  // Properties not given keep their values, as in Graph. The answer names what was changed.
  graph.patch('/me/mailboxSettings', (req, res) => {
    requireScope(res, ...SETTINGS_WRITE);
    const userId = userOf(res);
    const input = parseBody(patchSchema, withoutAnnotations(req.body));
    const body: Record<string, unknown> = { '@odata.context': metadata(ctx, res, 'mailboxSettings') };
    if (input.automaticRepliesSetting) {
      const next = { ...automaticReplies(ctx.store, userId), ...input.automaticRepliesSetting };
      if (
        next.status === 'scheduled' &&
        instantOf(next.scheduledEndDateTime) <= instantOf(next.scheduledStartDateTime)
      ) {
        throw badRequest(
          'The scheduled end time of automatic replies must be later than the start time.',
          'ErrorInvalidParameter',
        );
      }
      body.automaticRepliesSetting = settingToGraph(updateAutomaticReplies(ctx.store, userId, next));
    }
    res.json(body);
  });
}

const isAutomatic = (message: StoredMessage) =>
  (message.internetMessageHeaders ?? []).some(
    (h) => h.name.toLowerCase() === 'auto-submitted' && h.value.toLowerCase() !== 'no',
  );

/** Answers mail delivered while a mailbox's automatic replies are on (a delivery filter of the store). */
export function installAutomaticReplies(ctx: EmulatorContext): void {
  const { store } = ctx;
  store.addDeliveryFilter((message) => {
    const owner = store.users.get(message.userId);
    const setting = owner && automaticReplies(store, owner.id);
    if (!owner || !setting || !repliesActive(setting, ctx.clock.now())) return true;
    const from = message.from?.emailAddress;
    if (!from?.address || message.isDraft || isAutomatic(message)) return true;
    if (from.address.toLowerCase() === owner.mail.toLowerCase()) return true;
    const internal = userByAddress(store, from.address) !== undefined;
    const text = internal
      ? setting.internalReplyMessage
      : setting.externalAudience === 'all'
        ? setting.externalReplyMessage
        : '';
    if (!text.trim() || !firstReplyTo(store, owner.id, from.address)) return true;
    const subject = `Automatic reply: ${message.subject}`;
    const sentItems = store.getFolder(owner.id, 'sentitems');
    // After the insert this filter is part of: the reply follows the message it answers.
    queueMicrotask(() => {
      try {
        sendMessage(
          ctx,
          owner,
          buildMessage({
            userId: owner.id,
            parentFolderId: sentItems?.id ?? '',
            subject,
            body: { contentType: 'html', content: text },
            from: asRecipient(owner),
            sender: asRecipient(owner),
            toRecipients: [{ emailAddress: { name: from.name || from.address, address: from.address } }],
            conversationId: message.conversationId,
            internetMessageHeaders: [{ name: 'Auto-Submitted', value: 'auto-replied' }],
          }),
          // Exchange keeps no copy of automatic replies in Sent Items.
          { saveToSentItems: false },
        );
      } catch {
        // An answer that cannot go (a malformed address) is not sent, as in Exchange.
      }
    });
    return true;
  });
}

/**
 * Control API: GET /_emulator/mailboxes/:user/automatic-replies (the setting and who was answered) and
 * GET /_emulator/mailboxes/:user/messages/:id (one message as Graph gives it, body and extended properties
 * included), for tests that check what Microsoft 365 holds.
 */
export function registerMailboxSettingsControl(control: Router, ctx: EmulatorContext): void {
  control.get('/mailboxes/:user/automatic-replies', (req, res) => {
    const user = ctx.store.findUser(req.params.user);
    if (!user) throw notFound(`No user "${req.params.user}" in this tenant.`);
    const setting = automaticReplies(ctx.store, user.id);
    res.json({ ...settingToGraph(setting), activeNow: repliesActive(setting, ctx.clock.now()) });
  });
  control.get('/mailboxes/:user/messages/:id', (req, res) => {
    const user = ctx.store.findUser(req.params.user);
    const message = user && ctx.store.getMessage(user.id, req.params.id);
    if (!message) throw notFound(`No message "${req.params.id}" in ${req.params.user}'s mailbox.`);
    res.json({
      ...messageToGraph(message),
      singleValueExtendedProperties: message.singleValueExtendedProperties ?? [],
      internetMessageHeaders: message.internetMessageHeaders ?? [],
    });
  });
}
