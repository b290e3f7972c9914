import { describe, expect, it } from 'vitest';
import { MailStore } from './mail-store';
import { seedMailboxes } from './seed';
import type { StoredMessage } from './types';

const NOW = Date.parse('2025-03-15T12:00:00Z');

function seeded(seed = 'tidings', now = NOW): MailStore {
  const store = new MailStore();
  seedMailboxes(store, seed, now);
  return store;
}

function mailbox(store: MailStore, alias: string) {
  const user = store.findUser(alias);
  if (!user) throw new Error(`no user ${alias}`);
  const folderName = (id: string) => store.folders.get(id)?.displayName;
  const messages = store.messagesOf(user.id);
  return { user, messages, folderName };
}

function inFolder(store: MailStore, alias: string, wellKnownName: string): StoredMessage[] {
  const { user } = mailbox(store, alias);
  const folder = store.getFolder(user.id, wellKnownName);
  return folder ? store.messagesOf(user.id, folder.id) : [];
}

describe('seedMailboxes', () => {
  const store = seeded();

  it('is deterministic for a seed and different for another seed', () => {
    const fingerprint = (s: MailStore) =>
      [...s.messages.values()].map((m) => `${m.id}|${m.subject}|${m.receivedDateTime}|${m.conversationId}`);
    expect(fingerprint(seeded())).toEqual(fingerprint(store));
    const other = fingerprint(seeded('another seed'));
    expect(other).not.toEqual(fingerprint(store));
    expect(new Set(other).size).toBe(other.length);
  });

  it('keeps ids and order across reseeds at a later time, moving dates with the clock', () => {
    const later = seeded('tidings', NOW + 3_600_000);
    const ids = (s: MailStore) => [...s.messages.values()].map((m) => m.id);
    expect(ids(later)).toEqual(ids(store));
    const folders = (s: MailStore) =>
      [...s.folders.values()].map((f) => `${f.id}|${f.displayName}|${f.parentFolderId}`);
    expect(folders(later)).toEqual(folders(store));
    expect([...later.messages.values()].map((m) => m.parentFolderId)).toEqual(
      [...store.messages.values()].map((m) => m.parentFolderId),
    );
    const first = [...store.messages.values()][0];
    const firstLater = [...later.messages.values()][0];
    expect(Date.parse(firstLater?.receivedDateTime ?? '') - Date.parse(first?.receivedDateTime ?? '')).toBe(
      3_600_000,
    );
  });

  it('gives every user at least 300 messages from the last 60 days', () => {
    for (const alias of ['adele', 'alex', 'megan']) {
      const { messages } = mailbox(store, alias);
      expect(messages.length).toBeGreaterThanOrEqual(300);
      for (const message of messages) {
        const age = NOW - Date.parse(message.receivedDateTime);
        expect(age).toBeGreaterThan(0);
        expect(age).toBeLessThanOrEqual(60 * 86_400_000);
      }
    }
  });

  it('fills the well-known folders and a Projects folder with a Contoso Launch child', () => {
    const { user, messages, folderName } = mailbox(store, 'adele');
    const count = (name: string) => messages.filter((m) => folderName(m.parentFolderId) === name).length;
    expect(count('Inbox')).toBeGreaterThan(200);
    for (const name of ['Archive', 'Sent Items', 'Drafts', 'Deleted Items', 'Junk Email']) {
      expect(count(name)).toBeGreaterThan(0);
    }
    const projects = store
      .childFolders(user.id, store.rootFolder(user.id).id)
      .find((f) => f.displayName === 'Projects');
    expect(projects).toBeDefined();
    const launch = store
      .childFolders(user.id, projects?.id ?? '')
      .find((f) => f.displayName === 'Contoso Launch');
    expect(launch).toBeDefined();
    expect(store.messagesOf(user.id, projects?.id).length).toBeGreaterThan(0);
    expect(store.messagesOf(user.id, launch?.id).length).toBeGreaterThan(0);
    expect(inFolder(store, 'adele', 'drafts').every((m) => m.isDraft && m.sentDateTime === null)).toBe(true);
  });

  it('leaves about a quarter of the Inbox unread and flags some mail', () => {
    const inbox = inFolder(store, 'alex', 'inbox');
    const unread = inbox.filter((m) => !m.isRead).length / inbox.length;
    expect(unread).toBeGreaterThan(0.15);
    expect(unread).toBeLessThan(0.4);
    expect(inbox.some((m) => m.flag.flagStatus === 'flagged')).toBe(true);
  });

  it('includes every kind of hostile HTML for the sanitizer tests', () => {
    const hostile = mailbox(store, 'megan').messages.filter((m) => m.subject.startsWith('[hostile]'));
    const html = hostile.map((m) => m.body.content).join('\n');
    expect(html).toMatch(/<script>window\.__tidingsPwned = true/);
    expect(html).toMatch(/onerror="window\.__tidingsPwned=true"/);
    expect(html).toMatch(/onload=/);
    expect(html).toMatch(/href="javascript:/);
    expect(html).toMatch(/<iframe/);
    expect(html).toMatch(/<form/);
    expect(html).toMatch(/url\(https:\/\/tracker\./);
    expect(html).toMatch(/<meta http-equiv="refresh"/);
  });

  it('has HTML mail with an inline cid: image backed by an inline attachment, and remote images', () => {
    const { messages } = mailbox(store, 'adele');
    const withCid = messages.find((m) => /src="cid:/.test(m.body.content));
    const contentId = /src="cid:([^"]+)"/.exec(withCid?.body.content ?? '')?.[1];
    const inline = withCid?.attachments.find((a) => a.contentId === contentId);
    expect(inline).toMatchObject({ isInline: true, contentType: 'image/png' });
    expect(
      messages.some((m) => m.body.content.includes('<img src="https://images.fabrikam.test/banner.png"')),
    ).toBe(true);
    expect(messages.some((m) => m.body.contentType === 'text')).toBe(true);
    expect(messages.some((m) => /<table/.test(m.body.content))).toBe(true);
  });

  it('attaches valid PDF and PNG files', () => {
    const attachments = mailbox(store, 'alex').messages.flatMap((m) => m.attachments);
    const pdf = attachments.find((a) => a.contentType === 'application/pdf');
    const png = attachments.find((a) => a.contentType === 'image/png' && !a.isInline);
    expect(pdf?.contentBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf?.contentBytes.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf?.size).toBe(pdf?.contentBytes.length);
    expect(png?.contentBytes.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it('shares threads between adele and alex under one conversationId', () => {
    const adele = mailbox(store, 'adele');
    const alex = mailbox(store, 'alex');
    const sent = adele.messages.find(
      (m) =>
        adele.folderName(m.parentFolderId) === 'Sent Items' && m.subject.startsWith('RE: Contoso Launch'),
    );
    expect(sent).toBeDefined();
    const received = alex.messages.filter((m) => m.conversationId === sent?.conversationId);
    expect(received.length).toBeGreaterThanOrEqual(2);
    const copy = received.find((m) => m.internetMessageId === sent?.internetMessageId);
    expect(copy && alex.folderName(copy.parentFolderId)).toBe('Inbox');
    expect(copy?.id).not.toBe(sent?.id);
  });

  it('seeds every mailbox of a fresh store', () => {
    seedMailboxes(new MailStore(), 'warm-up');
    const fresh = new MailStore();
    const started = performance.now();
    seedMailboxes(fresh, 'timing');
    // How long it took is a figure, not a test: the machine may be busy.
    console.log(`seeding all mailboxes: ${(performance.now() - started).toFixed(0)} ms`);
    expect(fresh.messagesOf(fresh.findUser('adele')?.id ?? '').length).toBeGreaterThan(50);
  });
});
