import type { MailStore } from '../store/mail-store';
import { buildMessage, recipient } from '../store/message-factory';
import { SeededRandom } from '../store/seed-random';

/*
 * A mailbox in heavy use, for fault tests: `count` mixed changes spread evenly over `seconds` — new mail,
 * read/unread, flag/unflag, moves between mail folders, deletions — each through the store, so delta and
 * the subscriptions see them as they would see a person and their rules at work. Seeded, so a run can be
 * repeated.
 */

export interface ChurnCounts {
  created: number;
  read: number;
  flagged: number;
  moved: number;
  deleted: number;
}

/** Folders whose mail people move around (not Drafts, Outbox or Sent Items). */
const MOVABLE = new Set(['inbox', 'archive', 'deleteditems', 'junkemail', null]);

export async function churnMailbox(
  store: MailStore,
  userId: string,
  options: { count: number; seconds: number; seed: string },
): Promise<ChurnCounts> {
  const random = new SeededRandom(options.seed);
  const counts: ChurnCounts = { created: 0, read: 0, flagged: 0, moved: 0, deleted: 0 };
  const user = store.findUser(userId);
  const inbox = store.getFolder(userId, 'inbox');
  if (!user || !inbox) throw new Error('The user has no Inbox.');
  const folders = [...store.folders.values()].filter(
    (f) => f.userId === userId && f.parentFolderId !== null && MOVABLE.has(f.wellKnownName),
  );
  const folderIds = new Set(folders.map((f) => f.id));
  const movable = () => store.messagesOf(userId).filter((m) => folderIds.has(m.parentFolderId) && !m.isDraft);
  const sender = recipient('churn@fabrikam.test', 'Churn');

  const change = (n: number) => {
    const roll = random.next();
    const pool = movable();
    if (roll < 0.3 || pool.length < 10) {
      store.insertMessage(
        buildMessage({
          userId,
          parentFolderId: inbox.id,
          subject: `Churn ${options.seed} ${n}`,
          body: { contentType: 'text', content: `Change ${n} of ${options.count}.` },
          from: sender,
          sender,
          toRecipients: [recipient(user.mail, user.displayName)],
        }),
        { delivered: true },
      );
      counts.created += 1;
      return;
    }
    const message = random.pick(pool);
    if (roll < 0.55) {
      store.updateMessage(userId, message.id, { isRead: !message.isRead });
      counts.read += 1;
    } else if (roll < 0.7) {
      const flagged = message.flag.flagStatus === 'flagged';
      store.updateMessage(userId, message.id, { flag: { flagStatus: flagged ? 'notFlagged' : 'flagged' } });
      counts.flagged += 1;
    } else if (roll < 0.85) {
      const to = random.pick(folders.filter((f) => f.id !== message.parentFolderId));
      store.moveMessage(userId, message.id, to.id);
      counts.moved += 1;
    } else {
      store.deleteMessage(userId, message.id);
      counts.deleted += 1;
    }
  };

  // Ten slices a second: each applies its share of the changes at once, as a busy mailbox's changes bunch.
  const slices = Math.max(1, Math.round(options.seconds * 10));
  let done = 0;
  for (let slice = 1; slice <= slices; slice += 1) {
    const until = Math.round((options.count * slice) / slices);
    for (; done < until; done += 1) change(done + 1);
    if (slice < slices) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return counts;
}
