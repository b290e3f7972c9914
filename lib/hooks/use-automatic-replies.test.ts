import { describe, expect, it } from 'vitest';
import type { AutomaticRepliesDto } from '@/lib/mail/types';
import { repliesState } from './use-automatic-replies';

const base: AutomaticRepliesDto = {
  status: 'disabled',
  scheduledStart: '2026-12-01T08:00:00.000Z',
  scheduledEnd: '2026-12-05T17:00:00.000Z',
  internalReplyMessage: '',
  externalReplyMessage: '',
  externalAudience: 'all',
};
const at = (iso: string) => Date.parse(iso);

describe('whether the automatic-replies banner shows', () => {
  it('not while off, or before anything is loaded', () => {
    expect(repliesState(base, at('2026-12-02T00:00:00Z'))).toEqual({ on: false });
    expect(repliesState(undefined, at('2026-12-02T00:00:00Z'))).toEqual({ on: false });
  });

  it('on with no end while always on', () => {
    expect(repliesState({ ...base, status: 'alwaysEnabled' }, at('2030-01-01T00:00:00Z'))).toEqual({
      on: true,
      from: null,
      until: null,
    });
  });

  it('scheduled: from its start while not begun, until its end while running, gone after', () => {
    const scheduled = { ...base, status: 'scheduled' as const };
    expect(repliesState(scheduled, at('2026-11-30T00:00:00Z'))).toEqual({
      on: true,
      from: base.scheduledStart,
      until: base.scheduledEnd,
    });
    expect(repliesState(scheduled, at('2026-12-03T00:00:00Z'))).toEqual({
      on: true,
      from: null,
      until: base.scheduledEnd,
    });
    expect(repliesState(scheduled, at('2026-12-06T00:00:00Z'))).toEqual({ on: false });
  });
});
