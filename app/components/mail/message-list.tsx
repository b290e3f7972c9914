'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { type DragEvent, type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import type { MessageSummaryDto } from '@/lib/mail/types';
import styles from './message-list.module.css';
import { MessageRow, type RowMark } from './message-row';

const ROW_HEIGHT = 78;

interface Props {
  label: string;
  messages: MessageSummaryDto[];
  cursorId: string | null;
  openId: string | null;
  /** Bumped when the cursor moved by keyboard or click, so the row takes focus. */
  focusToken: number;
  hasMore: boolean;
  loadMore: () => void;
  folderNameOf?: (message: MessageSummaryDto) => string | undefined;
  /** A chip on a row saying something about it (search: found by Microsoft 365 only). */
  markOf?: (message: MessageSummaryDto) => RowMark | undefined;
  onCursor: (id: string) => void;
  onOpen: (id: string) => void;
  onMove: (step: 1 | -1 | 'first' | 'last') => void;
  /** Ticked rows (checkboxes, shift-click ranges, ctrl-click); none while nothing is ticked. */
  selection?: RowSelection;
  /** A row is dragged (toward a folder): which messages go with it is the caller's to say. */
  onDragRows?: (id: string, event: DragEvent<HTMLDivElement>) => void;
  empty: ReactNode;
}

export interface RowSelection {
  any: boolean;
  isChecked: (id: string) => boolean;
  toggle: (id: string) => void;
  range: (id: string) => void;
}

/**
 * A virtualized listbox: only the rows in view (plus a margin) exist in the DOM, so a folder of
 * 100,000 messages scrolls like one of fifty. Rows are fixed-height, which keeps scrolling cheap.
 */
export function MessageList({
  label,
  messages,
  cursorId,
  openId,
  focusToken,
  hasMore,
  loadMore,
  folderNameOf,
  markOf,
  onCursor,
  onOpen,
  onMove,
  selection,
  onDragRows,
  empty,
}: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const listbox = useRef<HTMLDivElement>(null);
  const count = messages.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => messages[index]?.id ?? 'loader',
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    if (hasMore && lastIndex >= messages.length - 10) loadMore();
  }, [hasMore, lastIndex, messages.length, loadMore]);

  const cursorIndex = cursorId ? messages.findIndex((m) => m.id === cursorId) : -1;
  // Focus follows the cursor, but only when the person moved it, never on a background refresh.
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusToken is the trigger; cursorIndex is read at that moment.
  useEffect(() => {
    if (focusToken === 0 || cursorIndex < 0) return;
    virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
    let tries = 0;
    const focusRow = () => {
      const row = listbox.current?.querySelector<HTMLElement>(`[data-index="${cursorIndex}"]`);
      if (row) row.focus({ preventScroll: true });
      else if (tries++ < 5) requestAnimationFrame(focusRow);
    };
    requestAnimationFrame(focusRow);
  }, [focusToken]);

  if (messages.length === 0) return <div className={styles.listEmpty}>{empty}</div>;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step =
      event.key === 'ArrowDown'
        ? 1
        : event.key === 'ArrowUp'
          ? -1
          : event.key === 'Home'
            ? 'first'
            : event.key === 'End'
              ? 'last'
              : null;
    if (step === null) return;
    event.preventDefault();
    onMove(step);
  };

  // The first row is the keyboard entry point when no message is selected yet.
  const tabStop = cursorIndex >= 0 ? cursorIndex : 0;
  return (
    <div className={styles.listScroller} ref={scroller}>
      <div
        ref={listbox}
        role="listbox"
        aria-label={label}
        aria-multiselectable={selection ? true : undefined}
        tabIndex={-1}
        className={styles.listbox}
        style={{ height: virtualizer.getTotalSize() }}
        onKeyDown={onKeyDown}
      >
        {items.map((item) => {
          const message = messages[item.index];
          const style = { transform: `translateY(${item.start}px)`, height: item.size };
          if (!message) {
            return (
              // Hidden from assistive tech: the listbox announces its size as unknown (aria-setsize -1).
              <div key={item.key} className={styles.loaderRow} style={style} aria-hidden="true">
                Loading more…
              </div>
            );
          }
          const checked = selection?.isChecked(message.id) ?? false;
          // Ticked rows are the selection; with none ticked, the row under the cursor is.
          const selected = selection?.any ? checked : message.id === cursorId;
          return (
            <div
              key={item.key}
              id={`message-${message.id}`}
              data-index={item.index}
              data-message-id={message.id}
              role="option"
              aria-selected={selected}
              aria-setsize={hasMore ? -1 : messages.length}
              aria-posinset={item.index + 1}
              tabIndex={item.index === tabStop ? 0 : -1}
              className={styles.row}
              data-open={message.id === openId ? '' : undefined}
              data-checked={checked ? '' : undefined}
              style={style}
              draggable={onDragRows ? true : undefined}
              onDragStart={onDragRows ? (event) => onDragRows(message.id, event) : undefined}
              // Shift-click ticks a range; it must not also select the rows' text.
              onMouseDown={(event) => {
                if (selection && event.shiftKey) event.preventDefault();
              }}
              onClick={(event) => {
                if (selection && event.shiftKey) {
                  event.preventDefault();
                  selection.range(message.id);
                  return;
                }
                if (selection && (event.ctrlKey || event.metaKey)) {
                  selection.toggle(message.id);
                  return;
                }
                onCursor(message.id);
                onOpen(message.id);
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' || event.key === ' ') {
                  event.preventDefault();
                  onOpen(message.id);
                }
              }}
            >
              <MessageRow
                message={message}
                selected={selected}
                checked={selection ? checked : undefined}
                onCheck={
                  selection
                    ? (range) => (range ? selection.range(message.id) : selection.toggle(message.id))
                    : undefined
                }
                open={message.id === openId}
                showFolder={folderNameOf?.(message)}
                mark={markOf?.(message)}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
