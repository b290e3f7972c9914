/*
 * Graph's dateTimeTimeZone ({ dateTime: "2026-12-01T08:00:00.0000000", timeZone }) to and from an instant.
 * Tidings writes UTC; what it reads may name another zone (set in Outlook): IANA names are converted,
 * anything else (a Windows zone name) is read as UTC. Client-safe.
 */

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

const IS_UTC = /^(utc|gmt|etc\/utc|coordinated universal time)$/i;

/** The offset of `timeZone` from UTC at `ms`, in milliseconds (0 for a zone this runtime doesn't know). */
function offsetAt(ms: number, timeZone: string): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(ms));
  } catch {
    return 0;
  }
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

/** The instant a dateTimeTimeZone names, as a UTC ISO string, or null when it names none. */
export function instantOf(value: DateTimeTimeZone | null | undefined): string | null {
  if (!value?.dateTime) return null;
  const local = Date.parse(`${value.dateTime.replace(/Z$/, '').replace(/(\.\d{3})\d*$/, '$1')}Z`);
  if (Number.isNaN(local)) return null;
  if (IS_UTC.test(value.timeZone)) return new Date(local).toISOString();
  // Twice: the first guess may sit on the other side of a daylight-saving change.
  const first = local - offsetAt(local, value.timeZone);
  return new Date(local - offsetAt(first, value.timeZone)).toISOString();
}

/** An instant as Graph's dateTimeTimeZone in UTC. */
export function utcDateTime(iso: string): DateTimeTimeZone {
  return { dateTime: `${new Date(iso).toISOString().slice(0, -1)}0000`, timeZone: 'UTC' };
}
