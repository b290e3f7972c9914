'use client';

import { useCallback, useState } from 'react';
import { useFolderActions } from '@/lib/hooks/use-folder-actions';
import type { FolderDto } from '@/lib/mail/types';
import type { FolderMenuAction } from './folder-menu';
import { deleteConsequence, nameTaken, subtreeOf } from './folder-tree';
import { useMailUi } from './mail-ui-context';

/** What the folder pane is asking a name for: a new folder (at the top or under a parent), or a rename. */
export type Editing = { kind: 'create'; parentId: string | null } | { kind: 'rename'; folder: FolderDto };

/** Focus after the element it goes to has rendered (the row that just changed, the button that asked). */
function focusSoon(selector: string) {
  requestAnimationFrame(() => document.querySelector<HTMLElement>(selector)?.focus());
}

const NEW_FOLDER_BUTTON = '[data-new-folder]';
const menuOf = (id: string) => `[data-folder-menu="${CSS.escape(id)}"]`;
const linkOf = (id: string) => `[data-folder-row="${CSS.escape(id)}"] a`;

/**
 * The folder pane's editing: which name is being typed, which folder waits for a delete to be confirmed,
 * and what happens (with focus put back where the person was) when they finish.
 */
export function useFolderEditing({
  folders,
  current,
  onOpen,
}: {
  folders: FolderDto[];
  current: FolderDto | undefined;
  onOpen: (folder: FolderDto) => void;
}) {
  const { notify } = useMailUi();
  const onError = useCallback((message: string) => notify(message, 'error'), [notify]);
  const actions = useFolderActions(onError);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<FolderDto | null>(null);

  const backFrom = (done: Editing) =>
    focusSoon(
      done.kind === 'rename'
        ? menuOf(done.folder.id)
        : done.parentId
          ? menuOf(done.parentId)
          : NEW_FOLDER_BUTTON,
    );

  const problem = (parentId: string | null, exceptId?: string) => (name: string) =>
    nameTaken(folders, parentId, name, exceptId)
      ? `There’s already a folder called “${name}” here. Choose another name.`
      : null;

  const save = (done: Editing, name: string) => {
    setEditing(null);
    if (done.kind === 'rename') {
      focusSoon(linkOf(done.folder.id));
      void actions.rename(done.folder, name);
      return;
    }
    backFrom(done);
    void actions.create(name, done.parentId);
  };

  const cancel = (done: Editing) => {
    setEditing(null);
    backFrom(done);
  };

  const onMenu = (folder: FolderDto, action: FolderMenuAction) => {
    if (action === 'rename') setEditing({ kind: 'rename', folder });
    else if (action === 'newSubfolder') setEditing({ kind: 'create', parentId: folder.id });
    else setDeleting(folder);
  };

  const closeDelete = () => {
    if (deleting) focusSoon(menuOf(deleting.id));
    setDeleting(null);
  };

  const confirmDelete = async (folder: FolderDto) => {
    setDeleting(null);
    const { permanently } = deleteConsequence(folders, folder);
    const subtree = subtreeOf(folders, folder.id).map((f) => f.id);
    const deletedItems = folders.find((f) => f.wellKnownName === 'deleteditems');
    const inbox = folders.find((f) => f.wellKnownName === 'inbox');
    // A folder open on screen that is about to vanish: the Inbox takes its place.
    if (permanently && inbox && current && subtree.includes(current.id)) onOpen(inbox);
    focusSoon(permanently && deletedItems ? linkOf(deletedItems.id) : linkOf(folder.id));
    const result = await actions.remove(folder, {
      permanently,
      subtree,
      deletedItemsId: deletedItems?.id ?? null,
    });
    if (result) {
      notify(
        result.permanently ? `“${folder.name}” was deleted.` : `“${folder.name}” was moved to Deleted Items.`,
      );
    }
  };

  return {
    editing,
    deleting,
    consequence: deleting ? deleteConsequence(folders, deleting) : null,
    problem,
    save,
    cancel,
    onMenu,
    startCreate: () => setEditing({ kind: 'create', parentId: null }),
    closeDelete,
    confirmDelete,
  };
}
