/*
 * "Send later" choices, computed in the browser's own time zone (Date's local fields): later today, tomorrow
 * morning and Monday morning at 8:00, as Outlook offers them. Client-safe and pure, so it is tested with a
 * fixed "now".
 */

export interface SendLaterPreset {
  key: 'later-today' | 'tomorrow' | 'monday';
  label: string;
  at: Date;
}

const MORNING_HOUR = 8;
/** "Later today" is the next full hour at least this far off, while that is still before the evening. */
const LATER_TODAY_LEAD_MS = 2 * 3_600_000;
const LATER_TODAY_LAST_HOUR = 21;

const atHour = (day: Date, hour: number) =>
  new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, 0, 0, 0);

const addDays = (day: Date, days: number) =>
  new Date(day.getFullYear(), day.getMonth(), day.getDate() + days);

export function sendLaterPresets(now: Date): SendLaterPreset[] {
  const presets: SendLaterPreset[] = [];
  const soon = new Date(now.getTime() + LATER_TODAY_LEAD_MS);
  const laterToday = new Date(
    soon.getFullYear(),
    soon.getMonth(),
    soon.getDate(),
    soon.getHours() + (soon.getMinutes() || soon.getSeconds() ? 1 : 0),
  );
  if (laterToday.getDate() === now.getDate() && laterToday.getHours() <= LATER_TODAY_LAST_HOUR) {
    presets.push({ key: 'later-today', label: 'Later today', at: laterToday });
  }
  const tomorrow = atHour(addDays(now, 1), MORNING_HOUR);
  presets.push({ key: 'tomorrow', label: 'Tomorrow morning', at: tomorrow });
  // Next Monday (a week on when today is Monday); left out when it is tomorrow, already offered.
  const toMonday = (8 - now.getDay()) % 7 || 7;
  if (toMonday > 1)
    presets.push({
      key: 'monday',
      label: 'Monday morning',
      at: atHour(addDays(now, toMonday), MORNING_HOUR),
    });
  return presets;
}

/** The value of an <input type="datetime-local"> for `at`, in local time, to the minute. */
export function toLocalInputValue(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** How a send time reads in the person's zone: "Tue 2 Dec, 08:00". */
export function formatSendTime(at: Date | string, locale?: string): string {
  return new Date(at).toLocaleString(locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}
