'use client';

import { type DragEvent, useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/hooks/api-client';
import { markListSettled } from '@/lib/hooks/first-list';
import { findFolder } from '@/lib/hooks/mail-cache';
import { useOpenConversation } from '@/lib/hooks/use-conversation';
import { useFolders } from '@/lib/hooks/use-folders';
import { useMailLocation } from '@/lib/hooks/use-mail-url';
import { useMessageActions } from '@/lib/hooks/use-message-actions';
import { useMessages } from '@/lib/hooks/use-messages';
import { useSearch } from '@/lib/hooks/use-search';
import { useSyncStatus } from '@/lib/hooks/use-sync';
import type { FolderDto, MessageSummaryDto } from '@/lib/mail/types';
import { MESSAGES_DRAG_TYPE } from './drag';
import { FolderPane } from './folder-pane';
import { ListFilters } from './list-filters';
import { ListHeader } from './list-header';
import styles from './mail-app.module.css';
import { useMailUi } from './mail-ui-context';
import { MessageList } from './message-list';
import { ReadingPane } from './reading-pane';
import { SearchFilters } from './search-filters';
import { BulkReport, SelectionBar } from './selection-bar';
import { useComposeController } from './use-compose-controller';
import { useDocumentTitle } from './use-document-title';
import { useListCursor } from './use-list-cursor';
import { useListFilter } from './use-list-filter';
import { useListSelection } from './use-list-selection';
import { useMailShortcuts } from './use-mail-shortcuts';
import { useMessageCommands } from './use-message-commands';
import { usePhoneLayout } from './use-phone-layout';
import { useSelectionCommands } from './use-selection-commands';
import { useUndo } from './use-undo';

/** The three panes (folders | list | reading pane); on a phone, one at a time. */
export function MailApp({ mailbox }: { mailbox: Promise<string | null> }) {
  const ui = useMailUi();
  const { notify } = ui;
  const phone = usePhoneLayout();
  const { folder: folderParam, message: openId, navigate } = useMailLocation();
  const { data: sync } = useSyncStatus();
  const syncing = sync?.state === 'syncing';

  const foldersQuery = useFolders({ syncing });
  const folders = foldersQuery.data?.folders;
  const currentFolder = findFolder(folders, folderParam);
  const filter = useListFilter(folderParam);
  const list = useMessages(folderParam, { syncing, filter: filter.value });
  const search = useSearch(ui.query);
  const visible = search.active ? search.messages : list.messages;

  const [foldersOpen, setFoldersOpen] = useState(false);

  const summary =
    visible.find((m) => m.id === openId) ??
    list.messages.find((m) => m.id === openId) ??
    search.messages.find((m) => m.id === openId);
  const open = useOpenConversation(openId, summary?.conversationId ?? null);
  const openMessage: MessageSummaryDto | undefined =
    summary ?? open.conversation?.messages.find((m) => m.id === openId);

  // A sync that starts or finishes between our polls changes what the list should hold: re-read it. Not on
  // the first status seen: the list and folders are being read for the first time then anyway. And not while
  // the list's first read is out: a second read would throw away the first one's answer (SWR keeps the latest
  // request's), keeping a first sign-in's list empty for as long as that second read takes; the re-read
  // waits for the first answer instead.
  const syncMark = `${sync?.state}:${sync?.finishedAt}`;
  const seenSyncMark = useRef<string | null>(null);
  const reReadWaiting = useRef(false);
  const { mutate: mutateList, answered: listAnswered } = list;
  const { mutate: mutateFolders } = foldersQuery;
  useEffect(() => {
    if (listAnswered) markListSettled();
    if (syncMark !== 'undefined:undefined') {
      const previous = seenSyncMark.current;
      seenSyncMark.current = syncMark;
      if (previous !== null && previous !== syncMark) reReadWaiting.current = true;
    }
    if (!listAnswered || !reReadWaiting.current) return;
    reReadWaiting.current = false;
    void mutateList();
    void mutateFolders();
  }, [syncMark, listAnswered, mutateList, mutateFolders]);

  const composer = useComposeController({ onSent: () => void list.mutate(), openId });
  const { openCompose } = composer;

  const onError = useCallback((message: string) => notify(message, 'error'), [notify]);
  const onQueued = useCallback(
    () => notify('You’re offline: this will be done when you’re back online.'),
    [notify],
  );
  // What the open list holds, read when an action's answer arrives (maybe after another folder opened).
  const shownList = useRef({ folderId: undefined as string | undefined, ids: new Set<string>() });
  shownList.current = {
    folderId: search.active ? undefined : currentFolder?.id,
    ids: new Set(list.messages.map((m) => m.id)),
  };
  const listNow = useCallback(
    () => ({ folderId: shownList.current.folderId, has: (id: string) => shownList.current.ids.has(id) }),
    [],
  );
  const actions = useMessageActions({ mutateList: list.mutate, folders, onError, onQueued, listNow });
  const undo = useUndo(notify);
  const selection = useListSelection({
    listKey: search.active ? `search:${ui.query.trim()}` : `${folderParam}:${filter.key}`,
    rows: visible,
    folder:
      !search.active && currentFolder
        ? { id: currentFolder.id, total: list.total ?? currentFolder.totalCount, filter: filter.value }
        : null,
  });
  const cursor = useListCursor({
    visible,
    openId,
    folderParam,
    navigate,
    phone,
    openCompose,
    loadMore: search.active ? search.loadMore : list.loadMore,
    onCursor: selection.cursor,
  });
  const { cursorId, focusToken, moveCursor, openMessageId, backToList, step, relocate } = cursor;
  // What "all" means in the bar: the folder, its Focused/Other tab, a category.
  const scopeName = currentFolder
    ? [filter.view ? (filter.view === 'focused' ? 'Focused' : 'Other') : currentFolder.name, filter.category]
        .filter(Boolean)
        .join(' · ')
    : '';
  const bulk = useSelectionCommands({
    selection,
    rows: visible,
    mutateList: list.mutate,
    notify,
    offerUndo: undo.offer,
    queueEach: async (ids, edit) => {
      for (const id of ids) {
        const m = visible.find((row) => row.id === id);
        if (!m) continue;
        if (edit.isRead !== undefined) await actions.setRead(m, edit.isRead);
        if (edit.flagStatus !== undefined) await actions.setFlag(m, edit.flagStatus);
        if (edit.folderId !== undefined) await actions.move(m, edit.folderId);
      }
    },
  });
  // Which messages a drag carries: the selection when a ticked row is dragged, else the row alone.
  const dragged = useRef<string[] | 'selection' | null>(null);
  const dragRows = (id: string, event: DragEvent<HTMLDivElement>) => {
    const withSelection = selection.isChecked(id);
    dragged.current = withSelection ? 'selection' : [id];
    const count = withSelection ? selection.count : 1;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData(MESSAGES_DRAG_TYPE, String(count));
    event.dataTransfer.setData('text/plain', count === 1 ? '1 message' : `${count} messages`);
  };
  const dropMessages = (folder: FolderDto) => {
    const carried = dragged.current;
    dragged.current = null;
    if (carried === 'selection') bulk.commands.moveTo(folder);
    else if (carried) void bulk.moveTo(folder, carried);
  };
  const checkedRows = selection.any ? visible.filter((m) => selection.isChecked(m.id)) : [];

  const autoRead = useRef<string | null>(null);
  useEffect(() => {
    if (!openMessage || autoRead.current === openMessage.id) return;
    autoRead.current = openMessage.id;
    if (!openMessage.isRead) void actions.setRead(openMessage, true);
  }, [openMessage, actions.setRead]);

  const folderTitle = search.active ? 'Search results' : (currentFolder?.name ?? titleCase(folderParam));
  // The tab shows the inbox's unread count wherever the person is, as mail clients' tabs do.
  const inboxUnread = findFolder(folders, 'inbox')?.unreadCount ?? 0;
  useDocumentTitle(`${inboxUnread > 0 ? `(${inboxUnread}) ` : ''}${folderTitle} — Tidings`);

  const selectFolder = (folder: FolderDto) => {
    setFoldersOpen(false);
    ui.setQuery('');
    cursor.placeCursor(null);
    navigate({ folder: folder.wellKnownName ?? folder.id, message: null });
  };

  /** The message actions act on: the open one, else the one under the keyboard cursor. */
  const target = (): MessageSummaryDto | undefined => openMessage ?? visible.find((m) => m.id === cursorId);

  const { toolbarActions, trustSender } = useMessageCommands({
    target,
    relocate,
    actions,
    offerUndo: undo.offer,
    folders,
    mutateList: list.mutate,
    listNow,
    openCompose,
    notify,
  });

  useMailShortcuts({
    visible,
    cursor,
    openId,
    selection,
    bulk: bulk.commands,
    message: toolbarActions,
    target,
    undoLast: undo.undoLast,
    loadMore: search.active ? search.loadMore : list.loadMore,
    closeFolders: foldersOpen ? () => setFoldersOpen(false) : null,
    ui,
    openCompose,
  });

  const view = openId ? 'message' : foldersOpen ? 'folders' : 'list';
  const folderNameById = (message: MessageSummaryDto) =>
    folders?.find((f) => f.id === message.folderId)?.name;

  return (
    <div className={styles.app} data-view={view}>
      <FolderPane
        folders={folders}
        error={Boolean(foldersQuery.error)}
        current={currentFolder}
        currentParam={folderParam}
        mailbox={mailbox}
        onOpen={selectFolder}
        onClose={() => setFoldersOpen(false)}
        outbox={ui.outbox}
        onDropMessages={dropMessages}
      />
      <main className={styles.main}>
        <section className={styles.listPane} aria-labelledby="list-title">
          <ListHeader
            title={
              search.active ? (
                // The query is what matters in a narrow header; "Results for" is read out, not shown.
                <>
                  <span className="sr-only">Results for </span>
                  <q>{ui.query.trim()}</q>
                </>
              ) : (
                folderTitle
              )
            }
            meta={
              search.active
                ? search.offline
                  ? `Offline: ${search.messages.length} found in the mail saved on this device`
                  : search.searchingGraph
                    ? 'Searching Microsoft 365…'
                    : `${search.messages.length}${search.hasMore ? '+' : ''} found`
                : currentFolder && currentFolder.unreadCount > 0
                  ? `${currentFolder.unreadCount.toLocaleString()} unread`
                  : ''
            }
            checkAll={
              visible.length > 0
                ? {
                    checked: selection.shownSelected,
                    mixed: selection.any && !selection.shownSelected,
                    onChange: (checked) => (checked ? selection.selectShown() : selection.clear()),
                  }
                : null
            }
            onOpenFolders={() => setFoldersOpen(true)}
            onCompose={() => openCompose({ kind: 'new' })}
          />
          {selection.any || bulk.progress ? (
            <SelectionBar
              count={bulk.progress ? bulk.progress.total : selection.count}
              allInFolder={selection.allInFolder}
              canSelectAll={selection.canSelectAll}
              folder={search.active ? null : (currentFolder ?? null)}
              scope={{ name: scopeName, total: list.total ?? currentFolder?.totalCount ?? 0 }}
              folders={folders}
              progress={bulk.progress}
              commands={bulk.commands}
              allRead={checkedRows.length > 0 && checkedRows.every((m) => m.isRead)}
              commonCategories={
                checkedRows[0]?.categories.filter((name) =>
                  checkedRows.every((m) => m.categories.includes(name)),
                ) ?? []
              }
              allFlagged={checkedRows.length > 0 && checkedRows.every((m) => m.flagStatus === 'flagged')}
              onSelectAll={selection.selectAllInFolder}
              onClear={selection.clear}
            />
          ) : null}
          {bulk.report ? (
            <BulkReport
              title={bulk.report.title}
              failures={bulk.report.failures}
              onDismiss={bulk.dismissReport}
            />
          ) : null}
          {search.active ? (
            <SearchFilters query={ui.query} onQueryChange={ui.setQuery} folders={folders} />
          ) : (
            <ListFilters
              view={filter.view}
              onView={filter.setView}
              category={filter.category}
              onCategory={filter.setCategory}
            />
          )}
          {search.active && search.problems.length > 0 ? (
            <p className={styles.searchNote} role="status">
              {search.problems.join(' ')}
            </p>
          ) : null}
          {!search.active && list.error && list.messages.length === 0 ? (
            <div className={styles.listEmpty} role="alert">
              <p>The messages couldn’t be loaded: {errorMessage(list.error)}</p>
              <button type="button" className={styles.smallButton} onClick={() => void list.mutate()}>
                Try again
              </button>
            </div>
          ) : (search.active ? search.isLoading : list.isLoading) ? (
            <div className={styles.listEmpty} aria-live="polite">
              <p>Loading messages…</p>
            </div>
          ) : (
            <MessageList
              key={search.active ? 'search' : `${folderParam}:${filter.key}`}
              label={search.active ? `Search results for ${ui.query.trim()}` : folderTitle}
              messages={visible}
              cursorId={cursorId}
              openId={openId}
              focusToken={focusToken}
              hasMore={search.active ? search.hasMore : list.hasMore}
              loadMore={search.active ? search.loadMore : list.loadMore}
              folderNameOf={search.active ? folderNameById : undefined}
              markOf={search.active ? search.markOf : undefined}
              onCursor={(id) => moveCursor(id, { focus: false })}
              onOpen={(id) => openMessageId(id)}
              onMove={step}
              onDragRows={dragRows}
              selection={{
                any: selection.any,
                isChecked: selection.isChecked,
                // Ticking a row puts the keyboard cursor there too, so Shift+J goes on from it.
                toggle: (id) => {
                  selection.toggle(id);
                  cursor.placeCursor(id);
                },
                range: (id) => {
                  selection.range(id);
                  cursor.placeCursor(id);
                },
              }}
              empty={
                search.active ? (
                  <p>{search.searchingGraph ? 'Searching…' : 'No messages match your search.'}</p>
                ) : syncing ? (
                  <p>Your mail is on its way…</p>
                ) : (
                  <p>No messages in {folderTitle}.</p>
                )
              }
            />
          )}
        </section>
        <ReadingPane
          openId={openId}
          message={openMessage}
          conversation={open.conversation}
          loading={open.isLoading}
          error={open.error}
          folders={folders}
          actions={toolbarActions}
          onBack={backToList}
          onTrustSender={trustSender}
        />
        {/* In the panes' grid: a reply docks in the reading pane's column, under the message. */}
        {composer.view}
      </main>
    </div>
  );
}

function titleCase(name: string): string {
  const known: Record<string, string> = {
    inbox: 'Inbox',
    drafts: 'Drafts',
    sentitems: 'Sent Items',
    archive: 'Archive',
    deleteditems: 'Deleted Items',
    junkemail: 'Junk Email',
  };
  return known[name] ?? 'Folder';
}
