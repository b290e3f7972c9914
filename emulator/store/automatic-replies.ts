import type { MailStore } from './mail-store';

/*
 * A mailbox's automatic replies (Graph's mailboxSettings.automaticRepliesSetting, "out of office"), kept
 * per store beside the mailboxes and emptied with them on reset, with the senders already answered since
 * they were last turned on: Exchange replies once per sender while they stay on.
 */

export const REPLY_STATUSES = ['disabled', 'alwaysEnabled', 'scheduled'] as const;
export const EXTERNAL_AUDIENCES = ['none', 'contactsOnly', 'all'] as const;

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface AutomaticRepliesSetting {
  status: (typeof REPLY_STATUSES)[number];
  externalAudience: (typeof EXTERNAL_AUDIENCES)[number];
  scheduledStartDateTime: DateTimeTimeZone;
  scheduledEndDateTime: DateTimeTimeZone;
  internalReplyMessage: string;
  externalReplyMessage: string;
}

interface MailboxReplies {
  setting: AutomaticRepliesSetting;
  /** Lower-cased addresses answered since the replies were last changed. */
  answered: Set<string>;
}

const byStore = new WeakMap<MailStore, Map<string, MailboxReplies>>();

/** Graph's dateTime form: seven fractional digits, no zone (the zone is its own field). */
export const graphDateTime = (ms: number) => `${new Date(ms).toISOString().slice(0, -1)}0000`;

function repliesOf(store: MailStore, userId: string): MailboxReplies {
  let mailboxes = byStore.get(store);
  if (!mailboxes) {
    const created = new Map<string, MailboxReplies>();
    store.on('reset', () => created.clear());
    byStore.set(store, created);
    mailboxes = created;
  }
  let replies = mailboxes.get(userId);
  if (!replies) {
    // A new mailbox: off, with a schedule from the current hour to the next day as Outlook proposes.
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    replies = {
      setting: {
        status: 'disabled',
        externalAudience: 'all',
        scheduledStartDateTime: { dateTime: graphDateTime(hour), timeZone: 'UTC' },
        scheduledEndDateTime: { dateTime: graphDateTime(hour + 86_400_000), timeZone: 'UTC' },
        internalReplyMessage: '',
        externalReplyMessage: '',
      },
      answered: new Set(),
    };
    mailboxes.set(userId, replies);
  }
  return replies;
}

export function automaticReplies(store: MailStore, userId: string): AutomaticRepliesSetting {
  return repliesOf(store, userId).setting;
}

/** Changes the setting (fields not given stay); the list of senders answered starts again. */
export function updateAutomaticReplies(
  store: MailStore,
  userId: string,
  patch: Partial<AutomaticRepliesSetting>,
): AutomaticRepliesSetting {
  const replies = repliesOf(store, userId);
  replies.setting = { ...replies.setting, ...patch };
  replies.answered.clear();
  return replies.setting;
}

/** Whether `address` is answered now, remembering it so it is answered once. */
export function firstReplyTo(store: MailStore, userId: string, address: string): boolean {
  const { answered } = repliesOf(store, userId);
  const key = address.trim().toLowerCase();
  if (answered.has(key)) return false;
  answered.add(key);
  return true;
}

/** Whether a time zone is one the emulator understands: UTC or an IANA name. */
export function knownTimeZone(timeZone: string): boolean {
  if (/^(utc|gmt|etc\/utc)$/i.test(timeZone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The offset of `timeZone` from UTC at `ms`, in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(ms));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant a dateTimeTimeZone names (NaN when it names none). */
export function instantOf({ dateTime, timeZone }: DateTimeTimeZone): number {
  const local = Date.parse(`${dateTime.replace(/Z$/, '').replace(/(\.\d{3})\d*$/, '$1')}Z`);
  if (Number.isNaN(local) || /^(utc|gmt|etc\/utc)$/i.test(timeZone)) return local;
  // Twice: the first guess may sit on the other side of a daylight-saving change.
  const first = local - offsetAt(local, timeZone);
  return local - offsetAt(first, timeZone);
}

/** Whether automatic replies go out at `now` (ms on the emulator's clock). */
export function repliesActive(setting: AutomaticRepliesSetting, now: number): boolean {
  if (setting.status === 'alwaysEnabled') return true;
  if (setting.status !== 'scheduled') return false;
  return instantOf(setting.scheduledStartDateTime) <= now && now < instantOf(setting.scheduledEndDateTime);
}
