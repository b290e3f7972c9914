'use client';

import { useCallback, useState } from 'react';
import type { SWRInfiniteKeyedMutator } from 'swr/infinite';
import { errorMessage } from '@/lib/hooks/api-client';
import {
  type BulkEdit,
  type BulkFailure,
  type BulkOutcome,
  useBulkActions,
} from '@/lib/hooks/use-bulk-actions';
import type { FolderDto, MessagePageDto, MessageSummaryDto } from '@/lib/mail/types';
import { useOfflineActions } from '@/lib/offline/use-offline';
import type { MailUi } from './mail-ui-context';
import type { SelectionCommands } from './selection-bar';
import type { ListSelection } from './use-list-selection';

const messages = (n: number) => (n === 1 ? '1 message' : `${n.toLocaleString()} messages`);

/**
 * The selection's bulk actions (archive, delete, move, read, flag), each with progress, a report of any
 * message it could not change, and Undo. `ids` lets drag and drop act on rows it names itself.
 */
export function useSelectionCommands({
  selection,
  rows,
  mutateList,
  notify,
  offerUndo,
  queueEach,
}: {
  selection: ListSelection;
  rows: MessageSummaryDto[];
  mutateList: SWRInfiniteKeyedMutator<MessagePageDto[]>;
  notify: MailUi['notify'];
  offerUndo: (message: string, undo: () => Promise<unknown>) => void;
  /** Offline: does the edit message by message, each kept in the outbox until the network returns. */
  queueEach: (ids: string[], edit: BulkEdit) => Promise<void>;
}) {
  const offline = useOfflineActions();
  const subjectOf = useCallback(
    (id: string) => {
      const row = rows.find((m) => m.id === id);
      return row ? row.subject || '(no subject)' : null;
    },
    [rows],
  );
  const bulk = useBulkActions({ mutateList, subjectOf });
  const [report, setReport] = useState<{ title: string; failures: BulkFailure[] } | null>(null);

  const settle = useCallback(
    (outcome: BulkOutcome, total: number, done: (what: string) => string, failed: string) => {
      if (outcome.failures.length > 0)
        setReport({
          title: `${outcome.failures.length.toLocaleString()} of ${messages(total)} couldn’t be ${failed}:`,
          failures: outcome.failures,
        });
      else setReport(null);
      const undo = outcome.undo;
      if (!undo) return;
      offerUndo(done(messages(outcome.done)), async () => {
        const back = await undo();
        if (back.failures.length > 0) {
          setReport({
            title: `${back.failures.length.toLocaleString()} couldn’t be put back:`,
            failures: back.failures,
          });
          return false;
        }
        return true;
      });
    },
    [offerUndo],
  );

  /** Runs `edit` on the given ids, or on the selection (pages not loaded included for "all"). */
  const run = useCallback(
    async (
      edit: BulkEdit,
      doing: string,
      done: (what: string) => string,
      failed: string,
      given?: string[],
    ) => {
      let ids = given;
      if (offline && (await offline.mustQueue())) {
        // Offline (or earlier offline changes still wait): the outbox keeps each change, in order.
        if (selection.allInFolder && !given) {
          notify('You’re offline: “all in this folder” needs a connection. Nothing was changed.', 'error');
          return;
        }
        const queued = given ?? [...selection.state.selected];
        selection.clear();
        await queueEach(queued, edit);
        return;
      }
      if (!ids) {
        try {
          const resolved = await selection.resolveIds();
          ids = resolved.ids;
          if (resolved.truncated) notify(`Only the newest ${messages(ids.length)} are included.`);
        } catch (error) {
          notify(`Couldn’t find the selected messages: ${errorMessage(error)}`, 'error');
          return;
        }
        selection.clear();
      }
      if (ids.length === 0) return;
      settle(await bulk.apply(ids, edit, doing), ids.length, done, failed);
    },
    [bulk, selection, notify, settle, offline, queueEach],
  );

  const moveTo = useCallback(
    (folder: FolderDto, ids?: string[]) =>
      run({ folderId: folder.id }, 'Moving', (what) => `Moved ${what} to ${folder.name}`, 'moved', ids),
    [run],
  );

  const commands: SelectionCommands = {
    categorize: (add, remove) =>
      void run(
        { addCategories: add, removeCategories: remove },
        'Categorizing',
        (what) => (add.length ? `Categorized ${what}` : `Took a category off ${what}`),
        'categorized',
      ),
    archive: () => void run({ folderId: 'archive' }, 'Archiving', (what) => `Archived ${what}`, 'archived'),
    remove: () => void run({ folderId: 'deleteditems' }, 'Deleting', (what) => `Deleted ${what}`, 'deleted'),
    reportJunk: () =>
      void run(
        { folderId: 'junkemail' },
        'Reporting as junk',
        (what) => `Reported ${what} as junk`,
        'moved to Junk Email',
      ),
    moveTo: (folder) => void moveTo(folder),
    markRead: (isRead) =>
      void run(
        { isRead },
        isRead ? 'Marking as read' : 'Marking as unread',
        isRead ? (what) => `Marked ${what} as read` : (what) => `Marked ${what} as unread`,
        isRead ? 'marked as read' : 'marked as unread',
      ),
    flag: (flagged) =>
      void run(
        { flagStatus: flagged ? 'flagged' : 'notFlagged' },
        flagged ? 'Flagging' : 'Clearing flags of',
        flagged ? (what) => `Flagged ${what}` : (what) => `Cleared the flag of ${what}`,
        flagged ? 'flagged' : 'unflagged',
      ),
  };

  return { commands, moveTo, progress: bulk.progress, report, dismissReport: () => setReport(null) };
}
