import { seededId } from '../ids';
import { seededUsers } from '../users';
import type { MailStore } from './mail-store';
import { previewOf } from './message-factory';
import { seedCategories } from './outlook-settings';
import {
  attachmentMail,
  draftMail,
  incomingNote,
  junkMail,
  newsletter,
  outgoingNote,
  projectMail,
} from './seed-content';
import { hostileMails } from './seed-hostile';
import type { SeedContent, SeedFolder, SeedMail } from './seed-mail';
import { SeededRandom, stableBytes } from './seed-random';
import { seedThreads } from './seed-threads';
import type { Recipient, StoredMessage } from './types';

const DAY_MINUTES = 24 * 60;
const WINDOW_MINUTES = 60 * DAY_MINUTES;

/**
 * Fills the store with the seeded users and about 350 messages each over the last 60 days. The same seed
 * gives the same ids, subjects and order on every reset; dates are offsets from `now` so mail looks recent.
 */
export function seedMailboxes(store: MailStore, seed: string, now: number = Date.now()): void {
  store.clear();
  const anchor = Math.floor(now / 1000) * 1000;
  const users = seededUsers(seed);
  const recipients = new Map<string, Recipient>();
  for (const user of users) {
    store.addUser(user, (name) => seededId(seed, `${user.id}:folder:${name}`, 'AAMkFolder'));
    seedCategories(store, seed, user.id);
    const alias = user.userPrincipalName.split('@')[0] ?? user.id;
    recipients.set(alias, { emailAddress: { name: user.displayName, address: user.mail } });
  }
  const threads = seedThreads({ rng: new SeededRandom(`${seed}:threads`), now: anchor, users: recipients });

  for (const user of users) {
    const alias = user.userPrincipalName.split('@')[0] ?? user.id;
    const owner = recipients.get(alias);
    if (!owner) continue;
    const root = store.rootFolder(user.id);
    const projects = store.addFolder(
      user.id,
      root.id,
      'Projects',
      null,
      seededId(seed, `${user.id}:folder:projects`, 'AAMkFolder'),
    );
    const launch = store.addFolder(
      user.id,
      projects.id,
      'Contoso Launch',
      null,
      seededId(seed, `${user.id}:folder:contoso-launch`, 'AAMkFolder'),
    );
    const folderIds: Record<SeedFolder, string> = {
      inbox: store.getFolder(user.id, 'inbox')?.id ?? root.id,
      archive: store.getFolder(user.id, 'archive')?.id ?? root.id,
      sentitems: store.getFolder(user.id, 'sentitems')?.id ?? root.id,
      drafts: store.getFolder(user.id, 'drafts')?.id ?? root.id,
      deleteditems: store.getFolder(user.id, 'deleteditems')?.id ?? root.id,
      junkemail: store.getFolder(user.id, 'junkemail')?.id ?? root.id,
      projects: projects.id,
      launch: launch.id,
    };
    const mails = [
      ...mailboxPlan(new SeededRandom(`${seed}:${alias}`), owner),
      ...(threads.get(alias) ?? []),
    ];
    // Oldest first, so store sequence numbers grow with receivedDateTime like a real mailbox's history.
    mails.sort((a, b) => b.ageMinutes - a.ageMinutes);
    for (const mail of mails) {
      store.insertMessage(toStored(seed, alias, user.id, folderIds[mail.folder], anchor, mail));
    }
  }
}

/** What one mailbox holds, apart from the shared threads. */
function mailboxPlan(rng: SeededRandom, owner: Recipient): SeedMail[] {
  const mails: SeedMail[] = [];
  const add = (
    folder: SeedFolder,
    content: SeedContent,
    minAgeDays: number,
    extra: Partial<Pick<SeedMail, 'isRead' | 'isDraft'>> = {},
  ) => {
    const flagRoll = rng.next();
    mails.push({
      ...content,
      key: `${folder}:${mails.length}`,
      folder,
      ageMinutes: 5 + minAgeDays * DAY_MINUTES + rng.next() * (WINDOW_MINUTES - minAgeDays * DAY_MINUTES - 5),
      isRead: extra.isRead ?? true,
      isDraft: extra.isDraft ?? false,
      flag: folder === 'inbox' && flagRoll < 0.07 ? 'flagged' : flagRoll < 0.1 ? 'complete' : 'notFlagged',
    });
  };
  const ordinary = (n: number): SeedContent => {
    const roll = rng.next();
    if (roll < 0.3) return newsletter(rng, owner, n);
    if (roll < 0.82) return incomingNote(rng, owner);
    return attachmentMail(rng, owner, n);
  };

  for (let i = 0; i < 230; i += 1) add('inbox', ordinary(i), 0, { isRead: !rng.chance(0.25) });
  for (const hostile of hostileMails(owner)) add('inbox', hostile, 0, { isRead: false });
  for (let i = 0; i < 40; i += 1) add('archive', ordinary(1000 + i), 14);
  for (let i = 0; i < 25; i += 1) add('sentitems', outgoingNote(rng, owner), 0);
  for (let i = 0; i < 4; i += 1) add('drafts', draftMail(rng, owner, i), 0, { isDraft: true });
  for (let i = 0; i < 10; i += 1) add('projects', projectMail(rng, owner, false), 3);
  for (let i = 0; i < 8; i += 1) add('launch', projectMail(rng, owner, true), 0);
  for (let i = 0; i < 6; i += 1) add('deleteditems', ordinary(2000 + i), 2);
  for (let i = 0; i < 6; i += 1) add('junkemail', junkMail(rng, owner), 0, { isRead: rng.chance(0.5) });
  return mails;
}

function toStored(
  seed: string,
  alias: string,
  userId: string,
  folderId: string,
  anchor: number,
  mail: SeedMail,
): Omit<StoredMessage, 'changeKey' | 'seq'> {
  const at = new Date(anchor - Math.round(mail.ageMinutes * 60_000)).toISOString();
  const conversationKey = mail.conversation?.key ?? `${alias}:${mail.key}`;
  const depth = mail.conversation?.depth ?? 0;
  const conversationIndex = Buffer.concat([
    stableBytes(seed, `conversation-index:${conversationKey}`, 22),
    ...Array.from({ length: depth }, (_, d) =>
      stableBytes(seed, `conversation-index:${conversationKey}:${d}`, 5),
    ),
  ]).toString('base64');
  const senderDomain = mail.from.emailAddress.address.split('@')[1] ?? 'contoso.test';
  const internetKey = mail.internetKey ?? `${alias}:${mail.key}`;
  const body = mail.body;
  return {
    id: seededId(seed, `${alias}:${mail.key}`),
    userId,
    parentFolderId: folderId,
    conversationId: seededId(seed, `conversation:${conversationKey}`, 'AAQk'),
    conversationIndex,
    internetMessageId: `<${stableBytes(seed, `imid:${internetKey}`, 12).toString('hex')}@${senderDomain}>`,
    subject: mail.subject,
    body,
    bodyPreview: previewOf(body),
    from: mail.from,
    sender: mail.from,
    toRecipients: mail.to,
    ccRecipients: mail.cc ?? [],
    bccRecipients: [],
    replyTo: [],
    createdDateTime: at,
    lastModifiedDateTime: at,
    receivedDateTime: at,
    sentDateTime: mail.isDraft ? null : at,
    isRead: mail.isRead,
    isDraft: mail.isDraft ?? false,
    importance: mail.importance ?? 'normal',
    inferenceClassification: mail.focus ?? 'focused',
    flag: { flagStatus: mail.flag ?? 'notFlagged' },
    categories: mail.categories ?? [],
    ...(mail.headers ? { internetMessageHeaders: mail.headers } : {}),
    attachments: (mail.attachments ?? []).map((a, i) => ({
      id: seededId(seed, `${alias}:${mail.key}:attachment:${i}`, 'AAMkAtt'),
      name: a.name,
      contentType: a.contentType,
      size: a.bytes.length,
      isInline: a.contentId !== undefined,
      contentId: a.contentId ?? null,
      lastModifiedDateTime: at,
      contentBytes: a.bytes,
    })),
  };
}
