'use client';

import type { ComposeStart } from '@/lib/hooks/use-compose';
import type { MessageSummaryDto } from '@/lib/mail/types';
import type { MailUi } from './mail-ui-context';
import type { ToolbarActions } from './message-toolbar';
import type { SelectionCommands } from './selection-bar';
import type { useListCursor } from './use-list-cursor';
import type { ListSelection } from './use-list-selection';
import { useMailKeyboard } from './use-mail-keyboard';

/**
 * What each key of the keymap (keymap.ts) does on the mail screen: with rows ticked, e, # and Shift+U act
 * on the selection; otherwise on the open message or the one under the cursor.
 */
export function useMailShortcuts({
  visible,
  cursor,
  openId,
  selection,
  bulk,
  message,
  target,
  undoLast,
  loadMore,
  closeFolders,
  ui,
  openCompose,
}: {
  visible: MessageSummaryDto[];
  cursor: ReturnType<typeof useListCursor>;
  openId: string | null;
  selection: ListSelection;
  bulk: SelectionCommands;
  message: ToolbarActions;
  target: () => MessageSummaryDto | undefined;
  undoLast: () => void;
  loadMore: () => void;
  /** Closes the folder list on a phone, when it is open. */
  closeFolders: (() => void) | null;
  ui: MailUi;
  openCompose: (start: ComposeStart) => void;
}) {
  const { cursorId } = cursor;
  useMailKeyboard((command, { key, onButton }) => {
    switch (command) {
      case 'next':
        cursor.step(1);
        return true;
      case 'previous':
        cursor.step(-1);
        return true;
      case 'open':
        // Enter on a focused button or link is that control's own.
        if (onButton && key === 'Enter') return false;
        if (cursorId) cursor.openMessageId(cursorId);
        return true;
      case 'back':
        if (selection.any && key === 'Escape') selection.clear();
        else if (openId) cursor.backToList();
        else if (closeFolders) closeFolders();
        else return false;
        return true;
      case 'markUnread': {
        if (selection.any) bulk.markRead(false);
        else if (target()?.isRead) message.toggleRead();
        return true;
      }
      case 'archive':
        if (selection.any) bulk.archive();
        else message.archive();
        return true;
      case 'delete':
        if (selection.any) bulk.remove();
        else message.remove();
        return true;
      case 'toggleSelect':
        if (cursorId) selection.toggle(cursorId);
        return true;
      case 'selectNext':
      case 'selectPrevious': {
        const at = cursorId ? visible.findIndex((m) => m.id === cursorId) : -1;
        const next =
          visible[Math.max(0, Math.min(visible.length - 1, at + (command === 'selectNext' ? 1 : -1)))];
        if (!next) return true;
        if (cursorId && !selection.state.anchor) selection.cursor(cursorId);
        selection.range(next.id);
        if (command === 'selectNext' && next === visible.at(-1)) loadMore();
        cursor.placeCursor(next.id, { focus: true });
        return true;
      }
      case 'undo':
        undoLast();
        return true;
      case 'toggleFlag':
        message.toggleFlag();
        return true;
      case 'search':
        ui.searchInput.current?.focus();
        return true;
      case 'shortcuts':
        ui.openShortcuts();
        return true;
      case 'reply':
      case 'replyAll':
      case 'forward':
        message.respond(command);
        return true;
      case 'compose':
        openCompose({ kind: 'new' });
        return true;
    }
  });
}
