'use client';

import { useState } from 'react';
import type { ComposeStart } from '@/lib/hooks/use-compose';
import type { MailLocation } from '@/lib/hooks/use-mail-url';
import type { MessageSummaryDto } from '@/lib/mail/types';

/**
 * The list's keyboard cursor and what moves it: j/k and the arrows (reading the next message when one is
 * open, as Outlook's reading pane does), opening a message (a draft resumes writing), going back to the
 * list, and where the cursor goes when a message leaves the list.
 */
export function useListCursor({
  visible,
  openId,
  folderParam,
  navigate,
  phone,
  openCompose,
  loadMore,
  onCursor,
}: {
  visible: MessageSummaryDto[];
  openId: string | null;
  folderParam: string;
  navigate: (to: MailLocation, options?: { replace?: boolean }) => void;
  phone: boolean;
  openCompose: (start: ComposeStart) => void;
  /** The cursor reached the last row loaded: fetch the next page. */
  loadMore: () => void;
  /** The cursor moved to a row (the selection's range anchor follows it). */
  onCursor: (id: string) => void;
}) {
  // The keyboard cursor; opening a message (or going back/forward) moves it there.
  const [cursor, setCursorState] = useState<{ id: string; openId: string | null } | null>(null);
  const cursorId = cursor && cursor.openId === openId ? cursor.id : openId;
  const [focusToken, setFocusToken] = useState(0);

  const moveCursor = (id: string, { focus = true } = {}) => {
    setCursorState({ id, openId });
    onCursor(id);
    if (focus) setFocusToken((t) => t + 1);
  };

  const openMessageId = (id: string, { replace = false } = {}) => {
    // Opening a draft (from Drafts, on this device or another) resumes writing it.
    if (!replace && visible.find((m) => m.id === id)?.isDraft) {
      moveCursor(id, { focus: false });
      openCompose({ kind: 'resume', draftId: id });
      return;
    }
    navigate({ folder: folderParam, message: id }, { replace });
  };

  const backToList = () => {
    const at = openId;
    navigate({ folder: folderParam, message: null });
    if (at) {
      setCursorState({ id: at, openId: null });
      setFocusToken((t) => t + 1);
    }
  };

  const step = (by: 1 | -1 | 'first' | 'last') => {
    if (visible.length === 0) return;
    const at = cursorId ? visible.findIndex((m) => m.id === cursorId) : -1;
    const index =
      by === 'first'
        ? 0
        : by === 'last'
          ? visible.length - 1
          : at === -1
            ? 0
            : Math.min(visible.length - 1, Math.max(0, at + by));
    const target = visible[index];
    if (!target) return;
    if (by === 1 && index === visible.length - 1) loadMore();
    // With a message open, moving reads the next one, as in Outlook's reading pane.
    if (openId && target.id !== openId) openMessageId(target.id, { replace: true });
    moveCursor(target.id);
  };

  /** After a message leaves the list: on a laptop read the next one; on a phone go back to the list. */
  const relocate = (message: MessageSummaryDto, run: () => Promise<boolean>) => {
    const at = visible.findIndex((m) => m.id === message.id);
    const next = at === -1 ? undefined : (visible[at + 1] ?? visible[at - 1]);
    void run();
    if (openId !== message.id) {
      if (next) moveCursor(next.id);
      return;
    }
    if (!next || phone) {
      navigate({ folder: folderParam, message: null }, { replace: true });
      if (next) {
        setCursorState({ id: next.id, openId: null });
        setFocusToken((t) => t + 1);
      }
    } else {
      navigate({ folder: folderParam, message: next.id }, { replace: true });
      setCursorState({ id: next.id, openId: next.id });
      setFocusToken((t) => t + 1);
    }
  };

  /** Puts the cursor on a row without anything else (a ticked box, a range); `focus` moves focus there. */
  const placeCursor = (id: string | null, { focus = false } = {}) => {
    setCursorState(id === null ? null : { id, openId });
    if (focus) setFocusToken((t) => t + 1);
  };

  return { cursorId, focusToken, moveCursor, placeCursor, openMessageId, backToList, step, relocate };
}
