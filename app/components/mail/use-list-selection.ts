'use client';

import { useCallback, useEffect, useMemo, useReducer, useRef } from 'react';
import { sendJson } from '@/lib/hooks/api-client';
import {
  emptySelection,
  hasSelection,
  isSelected,
  type Row,
  selectedCount,
  selectionReducer,
} from '@/lib/hooks/selection';
import type { MessageIdsDto, MessageListFilter, MessageSummaryDto } from '@/lib/mail/types';

/**
 * Wires the list's selection reducer (lib/hooks/selection.ts) to what the list shows. `listKey` names the
 * list (a folder, or a search): a new one starts an empty selection.
 */
export function useListSelection({
  listKey,
  rows,
  folder,
}: {
  listKey: string;
  rows: MessageSummaryDto[];
  /** The open folder (id, how many the list holds, its narrowing), or null during a search. */
  folder: { id: string; total: number; filter: MessageListFilter } | null;
}) {
  const [state, dispatch] = useReducer(selectionReducer, undefined, () => emptySelection());
  const shownKey = useRef<string | null>(null);
  // The reducer learns of rows arriving, vanishing or paging in: a selection follows the live list.
  const signature = rows.map((m) => m.id).join('\n');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the signature stands for rows' ids and order.
  useEffect(() => {
    const shown: Row[] = rows.map((m) => ({ id: m.id, receivedAt: m.receivedAt }));
    if (shownKey.current !== listKey) {
      shownKey.current = listKey;
      dispatch({ type: 'reset', rows: shown });
    } else dispatch({ type: 'rows', rows: shown });
  }, [listKey, signature]);

  const all = state.all;
  const count = selectedCount(state, folder?.total ?? 0);
  const shownSelected = rows.length > 0 && rows.every((m) => isSelected(state, m.id));

  /** The ids an action on the selection covers, pages not loaded yet included for "all in folder". */
  const resolveIds = useCallback(async (): Promise<{ ids: string[]; truncated: boolean }> => {
    if (!all) return { ids: [...state.selected], truncated: false };
    return sendJson<MessageIdsDto>('/api/messages/ids', 'POST', {
      folder: all.folder,
      upTo: all.chosenAt,
      except: [...all.except],
      ...folder?.filter,
    });
  }, [all, state.selected, folder?.filter]);

  const actions = useMemo(
    () => ({
      cursor: (id: string) => dispatch({ type: 'cursor', id }),
      toggle: (id: string) => dispatch({ type: 'toggle', id }),
      range: (id: string) => dispatch({ type: 'range', id }),
      selectShown: () => dispatch({ type: 'selectShown' }),
      clear: () => dispatch({ type: 'clear' }),
    }),
    [],
  );
  const newest = rows[0]?.receivedAt;
  const selectAllInFolder = useCallback(() => {
    // "All" is the folder as of the newest row shown: what arrives afterwards is not swept in.
    if (folder && newest) dispatch({ type: 'selectAllInFolder', folder: folder.id, at: newest });
  }, [folder, newest]);

  return {
    state,
    any: hasSelection(state),
    count,
    allInFolder: all !== null,
    /** Every row shown is ticked, and the folder holds more: offer "select all N in this folder". */
    canSelectAll: folder !== null && all === null && shownSelected && folder.total > count,
    shownSelected,
    isChecked: (id: string) => isSelected(state, id),
    resolveIds,
    selectAllInFolder,
    ...actions,
  };
}

export type ListSelection = ReturnType<typeof useListSelection>;
