'use client';

import { type DragEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useSWRConfig } from 'swr';
import { errorMessage, sendJson } from '@/lib/hooks/api-client';
import { conversationKey } from '@/lib/hooks/keys';
import { findFolder, insertIntoPages } from '@/lib/hooks/mail-cache';
import { useOpenConversation } from '@/lib/hooks/use-conversation';
import { useFolders } from '@/lib/hooks/use-folders';
import { useMailLocation } from '@/lib/hooks/use-mail-url';
import { useMessageActions } from '@/lib/hooks/use-message-actions';
import { useMessages } from '@/lib/hooks/use-messages';
import { useSearch } from '@/lib/hooks/use-search';
import { useSyncStatus } from '@/lib/hooks/use-sync';
import type {
  FocusedOverrideDto,
  FolderDto,
  InboxView,
  MessageDetailDto,
  MessageSummaryDto,
} from '@/lib/mail/types';
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
import { useListFilter } from './use-list-filter';
import { useListSelection } from './use-list-selection';
import { useMailKeyboard } from './use-mail-keyboard';
import { usePhoneLayout } from './use-phone-layout';
import { useSelectionCommands } from './use-selection-commands';
import { useUndo } from './use-undo';

/** The three panes (folders | list | reading pane); on a phone, one at a time. */
export function MailApp({ mailbox }: { mailbox: string | null }) {
  const ui = useMailUi();
  const { notify } = ui;
  const { mutate } = useSWRConfig();
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

  // The keyboard cursor; opening a message (or going back/forward) moves it there.
  const [cursor, setCursorState] = useState<{ id: string; openId: string | null } | null>(null);
  const cursorId = cursor && cursor.openId === openId ? cursor.id : openId;
  const [focusToken, setFocusToken] = useState(0);
  const [foldersOpen, setFoldersOpen] = useState(false);

  const summary =
    visible.find((m) => m.id === openId) ??
    list.messages.find((m) => m.id === openId) ??
    search.messages.find((m) => m.id === openId);
  const open = useOpenConversation(openId, summary?.conversationId ?? null);
  const openMessage: MessageSummaryDto | undefined =
    summary ?? open.conversation?.messages.find((m) => m.id === openId);

  // A sync that starts or finishes between our polls changes what the list should hold: re-read it.
  const syncMark = `${sync?.state}:${sync?.finishedAt}`;
  const { mutate: mutateList } = list;
  const { mutate: mutateFolders } = foldersQuery;
  useEffect(() => {
    if (syncMark === 'undefined:undefined') return;
    void mutateList();
    void mutateFolders();
  }, [syncMark, mutateList, mutateFolders]);

  const composer = useComposeController({ onSent: () => void list.mutate() });
  const { openCompose } = composer;

  const onError = useCallback((message: string) => notify(message, 'error'), [notify]);
  const onQueued = useCallback(
    () => notify('You’re offline: this will be done when you’re back online.'),
    [notify],
  );
  const actions = useMessageActions({ mutateList: list.mutate, folders, onError, onQueued });
  const undo = useUndo(notify);
  const selection = useListSelection({
    listKey: search.active ? `search:${ui.query.trim()}` : `${folderParam}:${filter.key}`,
    rows: visible,
    folder:
      !search.active && currentFolder
        ? { id: currentFolder.id, total: list.total ?? currentFolder.totalCount, filter: filter.value }
        : null,
  });
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
  // Read when an undo finishes, which may be after the person opened another folder.
  const listFolderId = useRef<string | undefined>(undefined);
  listFolderId.current = search.active ? undefined : currentFolder?.id;

  const autoRead = useRef<string | null>(null);
  useEffect(() => {
    if (!openMessage || autoRead.current === openMessage.id) return;
    autoRead.current = openMessage.id;
    if (!openMessage.isRead) void actions.setRead(openMessage, true);
  }, [openMessage, actions.setRead]);

  const folderTitle = search.active ? 'Search results' : (currentFolder?.name ?? titleCase(folderParam));
  // The tab shows the inbox's unread count wherever the person is, as mail clients' tabs do.
  const inboxUnread = findFolder(folders, 'inbox')?.unreadCount ?? 0;
  useEffect(() => {
    document.title = `${inboxUnread > 0 ? `(${inboxUnread}) ` : ''}${folderTitle} — Tidings`;
  }, [folderTitle, inboxUnread]);

  const moveCursor = (id: string, { focus = true } = {}) => {
    setCursorState({ id, openId });
    selection.cursor(id);
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
    if (by === 1 && index === visible.length - 1) (search.active ? search.loadMore : list.loadMore)();
    // With a message open, moving reads the next one, as in Outlook's reading pane.
    if (openId && target.id !== openId) openMessageId(target.id, { replace: true });
    moveCursor(target.id);
  };

  const selectFolder = (folder: FolderDto) => {
    setFoldersOpen(false);
    ui.setQuery('');
    setCursorState(null);
    navigate({ folder: folder.wellKnownName ?? folder.id, message: null });
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

  /** The message actions act on: the open one, else the one under the keyboard cursor. */
  const target = (): MessageSummaryDto | undefined => openMessage ?? visible.find((m) => m.id === cursorId);

  const subjectOf = (m: MessageSummaryDto) => `“${m.subject || '(no subject)'}”`;

  /** After a move: Undo puts the message back in its folder (and in the list, if that is still open). */
  const offerMoveBack = (m: MessageSummaryDto, destination: string, done: string) => {
    const movedTo = findFolder(folders, destination)?.id ?? destination;
    undo.offer(done, async () => {
      const back = await actions.move({ ...m, folderId: movedTo }, m.folderId, 'put the message back');
      if (back && listFolderId.current === m.folderId)
        void list.mutate((pages) => insertIntoPages(pages, m), { revalidate: false });
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
    if (await change()) undo.offer(done, back);
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
    categorize: (categories: string[]) => {
      const m = target();
      if (!m) return;
      void patchOne(
        () => actions.setCategories(m, categories),
        categories.length ? `Categorized ${subjectOf(m)}` : `Cleared the categories of ${subjectOf(m)}`,
        () => actions.setCategories({ ...m, categories }, m.categories),
      );
    },
    alwaysMove: (classifyAs: InboxView) => void alwaysMoveSender(target(), classifyAs),
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
      void list.mutate();
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

  useMailKeyboard((command, { key, onButton }) => {
    switch (command) {
      case 'next':
        step(1);
        return true;
      case 'previous':
        step(-1);
        return true;
      case 'open':
        // Enter on a focused button or link is that control's own.
        if (onButton && key === 'Enter') return false;
        if (cursorId) openMessageId(cursorId);
        return true;
      case 'back':
        if (selection.any && key === 'Escape') selection.clear();
        else if (openId) backToList();
        else if (foldersOpen) setFoldersOpen(false);
        else return false;
        return true;
      case 'markUnread': {
        if (selection.any) bulk.commands.markRead(false);
        else if (target()?.isRead) toolbarActions.toggleRead();
        return true;
      }
      case 'archive':
        if (selection.any) bulk.commands.archive();
        else toolbarActions.archive();
        return true;
      case 'delete':
        if (selection.any) bulk.commands.remove();
        else toolbarActions.remove();
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
        if (command === 'selectNext' && next === visible.at(-1))
          (search.active ? search.loadMore : list.loadMore)();
        setCursorState({ id: next.id, openId });
        setFocusToken((t) => t + 1);
        return true;
      }
      case 'undo':
        undo.undoLast();
        return true;
      case 'toggleFlag':
        toolbarActions.toggleFlag();
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
        toolbarActions.respond(command);
        return true;
      case 'compose':
        openCompose({ kind: 'new' });
        return true;
    }
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
                  setCursorState({ id, openId });
                },
                range: (id) => {
                  selection.range(id);
                  setCursorState({ id, openId });
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
      </main>
      {composer.view}
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
