/* How dates, sizes and people read in the list and the reading pane. */
import type { Address } from '@/lib/mail/types';

const DAY = 24 * 60 * 60 * 1000;

/*
 * One Intl.DateTimeFormat per style, made once: toLocaleTimeString/toLocaleDateString with options build a
 * new formatter on every call, and a scrolled list formats every row it draws (it was the page's costliest
 * script while scrolling 100,000 messages). The browser's locale and time zone, as those calls used.
 */
const formatters = {
  time: new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' }),
  weekday: new Intl.DateTimeFormat(undefined, { weekday: 'short' }),
  dayMonth: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' }),
  dayMonthYear: new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' }),
  full: new Intl.DateTimeFormat(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }),
};

/** Today → time; within the last week → weekday; this year → day and month; else with the year. */
export function formatListDate(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  if (date.getTime() >= startOfToday) return formatters.time.format(date);
  if (date.getTime() >= startOfToday - 6 * DAY) return formatters.weekday.format(date);
  if (date.getFullYear() === now.getFullYear()) return formatters.dayMonth.format(date);
  return formatters.dayMonthYear.format(date);
}

export function formatFullDate(iso: string): string {
  return formatters.full.format(new Date(iso));
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function displayName(address: Address | null): string {
  if (!address) return '(no sender)';
  return address.name || address.address;
}

export function formatAddresses(addresses: Address[]): string {
  return addresses.map((a) => (a.name ? `${a.name} <${a.address}>` : a.address)).join(', ');
}
