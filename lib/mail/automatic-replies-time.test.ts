import { describe, expect, it } from 'vitest';
import { instantOf, utcDateTime } from './automatic-replies-time';

describe("Graph's dateTimeTimeZone", () => {
  it('reads UTC with Graph’s seven fractional digits', () => {
    expect(instantOf({ dateTime: '2026-12-01T08:00:00.0000000', timeZone: 'UTC' })).toBe(
      '2026-12-01T08:00:00.000Z',
    );
  });

  it('reads IANA zones, daylight saving included', () => {
    expect(instantOf({ dateTime: '2026-12-01T09:00:00', timeZone: 'Europe/Paris' })).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    expect(instantOf({ dateTime: '2026-07-01T09:00:00', timeZone: 'Europe/Paris' })).toBe(
      '2026-07-01T07:00:00.000Z',
    );
    expect(instantOf({ dateTime: '2026-07-01T09:00:00', timeZone: 'America/New_York' })).toBe(
      '2026-07-01T13:00:00.000Z',
    );
  });

  it('reads a zone it does not know as UTC, and nothing as null', () => {
    expect(instantOf({ dateTime: '2026-12-01T08:00:00', timeZone: 'Pacific Standard Time' })).toBe(
      '2026-12-01T08:00:00.000Z',
    );
    expect(instantOf({ dateTime: 'soon', timeZone: 'UTC' })).toBeNull();
    expect(instantOf(null)).toBeNull();
  });

  it('writes UTC as Graph does', () => {
    expect(utcDateTime('2026-12-01T08:30:00.000Z')).toEqual({
      dateTime: '2026-12-01T08:30:00.0000000',
      timeZone: 'UTC',
    });
  });
});
