import { describe, expect, it } from 'vitest';
import { formatFullDate, formatListDate } from './format';

describe('list and reading-pane dates', () => {
  const now = new Date(2026, 11, 1, 15, 30);
  const at = (date: Date) => formatListDate(date.toISOString(), now);

  it('reads as the browser’s own toLocale… calls would, by how long ago', () => {
    const today = new Date(2026, 11, 1, 9, 5);
    expect(at(today)).toBe(today.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' }));
    const thisWeek = new Date(2026, 10, 27, 9, 5);
    expect(at(thisWeek)).toBe(thisWeek.toLocaleDateString(undefined, { weekday: 'short' }));
    const thisYear = new Date(2026, 2, 3, 9, 5);
    expect(at(thisYear)).toBe(thisYear.toLocaleDateString(undefined, { day: 'numeric', month: 'short' }));
    const before = new Date(2024, 2, 3, 9, 5);
    expect(at(before)).toBe(
      before.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' }),
    );
    expect(at(before)).toContain('2024');
  });

  it('gives the reading pane weekday, date, year and time', () => {
    const date = new Date(2025, 0, 6, 14, 7);
    const full = formatFullDate(date.toISOString());
    expect(full).toContain(date.toLocaleDateString(undefined, { weekday: 'short' }));
    expect(full).toContain('2025');
    expect(full).toMatch(/\b6\b/);
    expect(full).toMatch(/:07\b/);
  });
});
