'use client';

import { useCallback, useState } from 'react';
import { useSWRConfig } from 'swr';
import type { SWRInfiniteKeyedMutator } from 'swr/infinite';
import { categoriesAfter } from '@/lib/mail/category-change';
import {
  BULK_LIMIT,
  type BulkChange,
  type BulkResponseDto,
  type MessagePageDto,
  type MessageStateDto,
  type MessageSummaryDto,
} from '@/lib/mail/types';
import { errorMessage, sendJson } from './api-client';
import { FOLDERS_KEY } from './keys';
import { patchInPages } from './mail-cache';

/** The change a bulk action makes to every message; `folderId` moves them. */
export type BulkEdit = Partial<MessageStateDto> & Pick<BulkChange, 'addCategories' | 'removeCategories'>;

export interface BulkFailure {
  id: string;
  subject: string | null;
  error: string;
}

export interface BulkOutcome {
  done: number;
  failures: BulkFailure[];
  /** Puts every message that changed back as it was (its own former folder and state); null if none changed. */
  undo: (() => Promise<BulkOutcome>) | null;
}

export interface BulkProgress {
  /** "Moving", "Marking as read"… */
  doing: string;
  done: number;
  total: number;
}

/** Requests in flight at once; the server batches each into Graph calls of 20 (4 in flight per mailbox). */
const PARTS_IN_FLIGHT = 2;

const isSearchKey = (key: unknown) => typeof key === 'string' && key.startsWith('/api/search?');

/**
 * Bulk changes from the browser: the selection is sent in parts of BULK_LIMIT (progress shown between
 * them), rows already on screen change at once, and everything is read again at the end, so the screen
 * ends up as Graph has it, whatever failed. Each success remembers its former state for undo.
 */
export function useBulkActions({
  mutateList,
  subjectOf,
}: {
  mutateList: SWRInfiniteKeyedMutator<MessagePageDto[]>;
  /** The subject of a message on screen, to name it in a failure report. */
  subjectOf: (id: string) => string | null;
}) {
  const { mutate } = useSWRConfig();
  const [progress, setProgress] = useState<BulkProgress | null>(null);

  const refresh = useCallback(() => {
    void mutateList();
    void mutate(FOLDERS_KEY);
    void mutate(isSearchKey);
  }, [mutate, mutateList]);

  const send = useCallback(
    async (changes: BulkChange[], doing: string, leavesList: boolean): Promise<BulkOutcome> => {
      const ids = new Set(changes.map((c) => c.id));
      const first = changes[0];
      // What is on screen changes now; the answers (and the final re-read) settle it.
      void mutateList(
        (pages) => {
          if (leavesList)
            return pages?.map((p) => ({ ...p, messages: p.messages.filter((m) => !ids.has(m.id)) }));
          let next = pages;
          const shown = new Map(pages?.flatMap((p) => p.messages.map((m) => [m.id, m] as const)));
          for (const change of changes)
            next = patchInPages(next, change.id, visiblePatch(change, shown.get(change.id)));
          return next;
        },
        { revalidate: false },
      );
      const failures: BulkFailure[] = [];
      const undone: BulkChange[] = [];
      let done = 0;
      setProgress({ doing, done: 0, total: changes.length });
      const parts: BulkChange[][] = [];
      for (let i = 0; i < changes.length; i += BULK_LIMIT) parts.push(changes.slice(i, i + BULK_LIMIT));
      let next = 0;
      const worker = async () => {
        while (next < parts.length) {
          const part = parts[next++] as BulkChange[];
          try {
            const { results } = await sendJson<BulkResponseDto>('/api/messages/bulk', 'POST', {
              changes: part,
            });
            for (const result of results) {
              if (result.ok) {
                done += 1;
                undone.push(
                  restoring(
                    result.message.id,
                    result.before,
                    part.find((c) => c.id === result.id),
                  ),
                );
              } else failures.push({ id: result.id, subject: subjectOf(result.id), error: result.error });
            }
          } catch (error) {
            for (const change of part)
              failures.push({ id: change.id, subject: subjectOf(change.id), error: errorMessage(error) });
          }
          setProgress({ doing, done: done + failures.length, total: changes.length });
        }
      };
      try {
        await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, parts.length) }, worker));
      } finally {
        setProgress(null);
        // Failed rows come back, moved ones stay gone, counts are Graph's: read it all again.
        refresh();
      }
      const undo =
        undone.length > 0 && first
          ? () =>
              send(
                undone,
                `Undoing: ${doing.toLowerCase()}`,
                undone.some((c) => c.folderId !== undefined),
              )
          : null;
      return { done, failures, undo };
    },
    [mutateList, refresh, subjectOf],
  );

  /** Applies `edit` to every message in `ids`; `leavesList` when it takes them out of the open list. */
  const apply = useCallback(
    (ids: string[], edit: BulkEdit, doing: string) =>
      send(
        ids.map((id) => ({ id, ...edit })),
        doing,
        edit.folderId !== undefined,
      ),
    [send],
  );

  return { apply, progress };
}

/** What puts a message back: only the parts of its state the action changed. */
function restoring(id: string, before: MessageStateDto, change: BulkChange | undefined): BulkChange {
  const back: BulkChange = { id };
  if (change?.folderId !== undefined) back.folderId = before.folderId;
  if (change?.isRead !== undefined) back.isRead = before.isRead;
  if (change?.flagStatus !== undefined) back.flagStatus = before.flagStatus;
  if (change?.categories !== undefined || change?.addCategories || change?.removeCategories)
    back.categories = before.categories;
  return back;
}

function visiblePatch(change: BulkChange, row: MessageSummaryDto | undefined): Partial<MessageSummaryDto> {
  const patch: Partial<MessageSummaryDto> = {};
  if (change.isRead !== undefined) patch.isRead = change.isRead;
  if (change.flagStatus !== undefined) patch.flagStatus = change.flagStatus;
  const categories = row ? categoriesAfter(row.categories, change) : null;
  if (categories) patch.categories = categories;
  return patch;
}
