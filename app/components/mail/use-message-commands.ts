'use client';

import { useSWRConfig } from 'swr';
import type { SWRInfiniteKeyedMutator } from 'swr/infinite';
import { errorMessage, sendJson } from '@/lib/hooks/api-client';
import { conversationKey } from '@/lib/hooks/keys';
import { findFolder, insertIntoPages, removeFromPages } from '@/lib/hooks/mail-cache';
import type { ComposeStart } from '@/lib/hooks/use-compose';
import type { useMessageActions } from '@/lib/hooks/use-message-actions';
import type {
  BlockSenderDto,
  FocusedOverrideDto,
  FolderDto,
  InboxView,
  MessageDetailDto,
  MessagePageDto,
  MessageSummaryDto,
} from '@/lib/mail/types';
import type { MailUi } from './mail-ui-context';
import type { ToolbarActions } from './message-toolbar';

/**
 * What the reading toolbar and the keys do to one message (the open one, else the one under the cursor):
 * archive, delete, move, mark, flag and categorize, each offering Undo that puts back exactly what it
 * changed; reply, forward, resume a draft; Always move to Focused/Other; Report junk and Block sender;
 * trust a sender's images.
 */
export function useMessageCommands({
  target,
  relocate,
  actions,
  offerUndo,
  folders,
  mutateList,
  listNow,
  openCompose,
  notify,
}: {
  target: () => MessageSummaryDto | undefined;
  /** Runs a change that takes the message out of the list, then moves the cursor (or the open message) on. */
  relocate: (message: MessageSummaryDto, run: () => Promise<boolean>) => void;
  actions: ReturnType<typeof useMessageActions>;
  offerUndo: (message: string, undo: () => Promise<unknown>) => void;
  folders: FolderDto[] | undefined;
  mutateList: SWRInfiniteKeyedMutator<MessagePageDto[]>;
  /** The list open now (read when an undo finishes, maybe after another folder was opened). */
  listNow: () => { folderId: string | undefined };
  openCompose: (start: ComposeStart) => void;
  notify: MailUi['notify'];
}) {
  const { mutate } = useSWRConfig();

  const subjectOf = (m: MessageSummaryDto) => `“${m.subject || '(no subject)'}”`;

  /** After a move: Undo puts the message back in its folder (and in the list, if that is still open). */
  const offerMoveBack = (m: MessageSummaryDto, destination: string, done: string) => {
    const movedTo = findFolder(folders, destination)?.id ?? destination;
    offerUndo(done, async () => {
      const back = await actions.move({ ...m, folderId: movedTo }, m.folderId, 'put the message back');
      if (back && listNow().folderId === m.folderId)
        void mutateList((pages) => insertIntoPages(pages, m), { revalidate: false });
      return back;
    });
  };

  const moveOne = (m: MessageSummaryDto, destination: string, verb: string, done: string) =>
    relocate(m, async () => {
      const moved = await actions.move(m, destination, verb);
      if (moved) offerMoveBack(m, destination, done);
      return moved;
    });

  const patchOne = async (change: () => Promise<boolean>, done: string, back: () => Promise<boolean>) => {
    const ok = await change();
    if (ok) offerUndo(done, back);
    return ok;
  };

  const toolbarActions = {
    archive: () => {
      const m = target();
      if (m) moveOne(m, 'archive', 'archive the message', `Archived ${subjectOf(m)}`);
    },
    remove: () => {
      const m = target();
      if (m) moveOne(m, 'deleteditems', 'delete the message', `Deleted ${subjectOf(m)}`);
    },
    toggleRead: () => {
      const m = target();
      if (!m) return;
      void patchOne(
        () => actions.setRead(m, !m.isRead),
        `Marked ${subjectOf(m)} as ${m.isRead ? 'unread' : 'read'}`,
        () => actions.setRead({ ...m, isRead: !m.isRead }, m.isRead),
      );
    },
    toggleFlag: () => {
      const m = target();
      if (!m) return;
      const flagged = m.flagStatus === 'flagged';
      void patchOne(
        () => actions.setFlag(m, flagged ? 'notFlagged' : 'flagged'),
        `${flagged ? 'Cleared the flag of' : 'Flagged'} ${subjectOf(m)}`,
        () => actions.setFlag({ ...m, flagStatus: flagged ? 'notFlagged' : 'flagged' }, m.flagStatus),
      );
    },
    moveTo: (folder: FolderDto) => {
      const m = target();
      if (m)
        moveOne(
          m,
          folder.id,
          `move the message to ${folder.name}`,
          `Moved ${subjectOf(m)} to ${folder.name}`,
        );
    },
    respond: (kind: 'reply' | 'replyAll' | 'forward') => {
      const m = target();
      if (m && !m.isDraft) openCompose({ kind, messageId: m.id });
    },
    editDraft: () => {
      const m = target();
      if (m?.isDraft) openCompose({ kind: 'resume', draftId: m.id });
    },
    categorize: async (categories: string[]) => {
      const m = target();
      if (!m) return false;
      return patchOne(
        () => actions.setCategories(m, categories),
        categories.length ? `Categorized ${subjectOf(m)}` : `Cleared the categories of ${subjectOf(m)}`,
        () => actions.setCategories({ ...m, categories }, m.categories),
      );
    },
    alwaysMove: (classifyAs: InboxView) => void alwaysMoveSender(target(), classifyAs),
    reportJunk: () => {
      const m = target();
      if (m) moveOne(m, 'junkemail', 'report the message as junk', `Reported ${subjectOf(m)} as junk`);
    },
    blockSender: () => blockSenderOf(target()),
  };

  /**
   * Outlook's Block sender: a rule (made by the server, run first) moves the sender's mail to Junk Email
   * from now on, and this message goes there now. Undo takes the rule away again (unless it was there
   * before) and puts the message back.
   */
  const blockSenderOf = (m: MessageSummaryDto | undefined) => {
    const address = m?.from?.address;
    if (!m || !address) return;
    relocate(m, async () => {
      void mutateList((pages) => removeFromPages(pages, m.id), { revalidate: false });
      try {
        const result = await sendJson<BlockSenderDto>('/api/rules/block-sender', 'POST', { messageId: m.id });
        offerUndo(`Blocked ${address}: their mail goes to Junk Email`, async () => {
          if (!result.existed) await sendJson(`/api/rules/${encodeURIComponent(result.rule.id)}`, 'DELETE');
          const back = await actions.move(result.message, m.folderId, 'put the message back');
          if (back && listNow().folderId === m.folderId)
            void mutateList((pages) => insertIntoPages(pages, m), { revalidate: false });
          return back;
        });
        return true;
      } catch (error) {
        if (listNow().folderId === m.folderId)
          void mutateList((pages) => insertIntoPages(pages, m), { revalidate: false });
        notify(`Couldn’t block ${address}: ${errorMessage(error)}`, 'error');
        return false;
      }
    });
  };

  /** Outlook's "Always move to Other/Focused": the sender's Inbox mail changes tab now and from now on. */
  const alwaysMoveSender = async (m: MessageSummaryDto | undefined, classifyAs: InboxView) => {
    const address = m?.from?.address;
    if (!address) return;
    const tab = classifyAs === 'other' ? 'Other' : 'Focused';
    try {
      const { moved } = await sendJson<FocusedOverrideDto>('/api/focused-overrides', 'POST', {
        address,
        name: m.from?.name,
        classifyAs,
      });
      void mutateList();
      notify(`Mail from ${address} will always go to ${tab} (${moved.length} moved now).`);
    } catch (error) {
      notify(`Couldn’t move mail from ${address} to ${tab}: ${errorMessage(error)}`, 'error');
    }
  };

  const trustSender = async (message: MessageDetailDto) => {
    const address = message.from?.address;
    if (!address) return;
    try {
      await sendJson('/api/trusted-senders', 'POST', { address });
      await mutate(conversationKey(message.conversationId));
      notify(`Images from ${address} will always show.`);
    } catch (error) {
      notify(`Couldn’t remember ${address}: ${errorMessage(error)}`, 'error');
    }
  };

  return { toolbarActions: toolbarActions satisfies ToolbarActions, trustSender };
}
