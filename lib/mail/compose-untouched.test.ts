import { describe, expect, it } from 'vitest';
import { isUntouchedResponse, type UntouchedFields } from './compose-untouched';

const opened: UntouchedFields = {
  to: 'ann@example.com, ',
  cc: '',
  bcc: '',
  subject: 'RE: Plans',
  bodyHtml: '',
  importance: 'normal',
};
const same = { attachmentsChanged: false };

describe('a reply left as Exchange made it', () => {
  it('is untouched when nothing was written, whatever the address field looks like', () => {
    expect(isUntouchedResponse('reply', opened, { ...opened }, same)).toBe(true);
    expect(isUntouchedResponse('forward', opened, { ...opened, to: 'ANN@example.com' }, same)).toBe(true);
    expect(isUntouchedResponse('replyAll', opened, { ...opened, importance: undefined }, same)).toBe(true);
  });

  it('is kept once anything was written, chosen or attached', () => {
    expect(isUntouchedResponse('reply', opened, { ...opened, bodyHtml: '<p>Thanks</p>' }, same)).toBe(false);
    expect(isUntouchedResponse('reply', opened, { ...opened, to: '' }, same)).toBe(false);
    expect(isUntouchedResponse('reply', opened, { ...opened, cc: 'bob@example.com' }, same)).toBe(false);
    expect(isUntouchedResponse('reply', opened, { ...opened, subject: 'RE: Plans!' }, same)).toBe(false);
    expect(isUntouchedResponse('reply', opened, { ...opened, importance: 'high' }, same)).toBe(false);
    expect(isUntouchedResponse('reply', opened, opened, { attachmentsChanged: true })).toBe(false);
  });

  it('never applies to a new message or a draft opened again', () => {
    expect(isUntouchedResponse('new', opened, opened, same)).toBe(false);
    expect(isUntouchedResponse('resume', opened, opened, same)).toBe(false);
  });
});
