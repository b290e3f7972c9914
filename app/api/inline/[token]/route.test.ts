import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '@/emulator/server';
import { signInUser, startAppEmulator } from '@/lib/testing/signed-in-user';

let emulator: RunningEmulator;
let adele: string;
let alex: string;
let GET: typeof import('./route').GET;
let links: typeof import('@/lib/mail/inline-links');
/** A real inline image of Adele's: the token the reading pane would get, and what it names. */
let token: string;

const get = (value: string) =>
  GET(new Request(`http://localhost/api/inline/${value}`), { params: Promise.resolve({ token: value }) });

beforeAll(async () => {
  emulator = await startAppEmulator();
  ({ userId: adele } = await signInUser(emulator, 'adele'));
  ({ userId: alex } = await signInUser(emulator, 'alex'));
  const messages = await import('@/lib/mail/messages');
  const { syncMailbox } = await import('@/lib/mail/sync');
  links = await import('@/lib/mail/inline-links');
  ({ GET } = await import('./route'));
  await syncMailbox(adele);
  const { search } = await import('@/lib/mail/search');
  const newsletters = await search(adele, 'Issue', 'cache');
  for (const summary of newsletters.messages) {
    const detail = await messages.getMessageDetail(adele, summary.id);
    const found = /\/api\/inline\/([A-Za-z0-9_-]+)/.exec(detail.bodyDocument)?.[1];
    if (found) {
      token = found;
      break;
    }
  }
  expect(token, 'a seeded newsletter with an inline logo').toBeTruthy();
});
afterAll(() => emulator.close());

describe('GET /api/inline/:token', () => {
  it('serves the image its link names, without a session', async () => {
    const response = await get(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('names no user, message or attachment in the URL', () => {
    const target = links.verifyInlineLink(token);
    expect(target?.userId).toBe(adele);
    for (const id of Object.values(target ?? {})) expect(token).not.toContain(id);
  });

  it('refuses a link made for someone else that names this person’s attachment', async () => {
    const target = links.verifyInlineLink(token);
    if (!target) throw new Error('the token did not verify');
    const response = await get(links.signInlineLink({ ...target, userId: alex }));
    expect(response.status).toBe(404);
  });

  it('refuses an altered or expired link with a sentence saying what to do', async () => {
    const altered = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
    const target = links.verifyInlineLink(token);
    if (!target) throw new Error('the token did not verify');
    const expired = links.signInlineLink(target, Date.now() - 16 * 60_000);
    for (const value of [altered, expired]) {
      const response = await get(value);
      expect(response.status).toBe(404);
      expect(await response.text()).toMatch(/expired.*Reopen the message/);
    }
  });
});
