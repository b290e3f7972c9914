import { describe, expect, it } from 'vitest';
import { sendLaterPresets, toLocalInputValue } from './scheduled-presets';

// Local times (the browser's zone), so the test reads the same in any TZ.
const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min);
const presets = (now: Date) => sendLaterPresets(now).map((p) => [p.key, toLocalInputValue(p.at)]);

describe('Send later choices', () => {
  it('on a Tuesday morning: later today at the next full hour two hours on, tomorrow and Monday at 8:00', () => {
    // 1 December 2026 is a Tuesday.
    expect(presets(local(2026, 12, 1, 9, 20))).toEqual([
      ['later-today', '2026-12-01T12:00'],
      ['tomorrow', '2026-12-02T08:00'],
      ['monday', '2026-12-07T08:00'],
    ]);
  });

  it('on the hour, later today is exactly two hours on', () => {
    expect(presets(local(2026, 12, 1, 14))[0]).toEqual(['later-today', '2026-12-01T16:00']);
  });

  it('in the evening there is no later today', () => {
    expect(presets(local(2026, 12, 1, 20, 5)).map(([key]) => key)).toEqual(['tomorrow', 'monday']);
  });

  it('on a Sunday, Monday morning is tomorrow morning, offered once', () => {
    expect(presets(local(2026, 12, 6, 10)).map(([key]) => key)).toEqual(['later-today', 'tomorrow']);
  });

  it('on a Monday, Monday morning is a week on; across a month end the dates roll over', () => {
    expect(presets(local(2026, 11, 30, 23))).toEqual([
      ['tomorrow', '2026-12-01T08:00'],
      ['monday', '2026-12-07T08:00'],
    ]);
  });
});
