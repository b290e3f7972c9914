import 'server-only';
import { ApiError } from '../api/api-error';
import { db } from '../db';
import type { MailFolder } from '../generated/prisma/client';
import { publish } from '../realtime/publish';
import { findFolder, listFolders } from './cache';
import { toFolderDto } from './dto';
import {
  createGraphFolder,
  deleteGraphFolder,
  findGraphFolder,
  isFolderExists,
  renameGraphFolder,
} from './graph-folders';
import { isSyncing, startSync } from './sync';
import type { CreateFolderRequest, DeleteFolderDto, FolderDto } from './types';

/*
 * Creating, renaming and deleting a person's mail folders: on Graph first, then in the cache, then the
 * person's other tabs are told. Outlook's own folders (Inbox, Drafts, …) keep their names and stay.
 */

/** Deleting a folder with more messages than this tells other tabs to re-read everything instead. */
const MAX_DELETE_EVENTS = 50;

async function requireFolder(userId: string, id: string): Promise<MailFolder> {
  const folder = await findFolder(userId, id);
  if (!folder) {
    throw new ApiError(
      404,
      'not_found',
      'That folder is no longer in your mailbox. Refresh the folder list.',
    );
  }
  return folder;
}

function refuseWellKnown(folder: MailFolder, what: 'renamed' | 'deleted') {
  if (folder.wellKnownName) {
    throw new ApiError(
      400,
      'well_known_folder',
      `${folder.displayName} is one of Outlook’s own folders, so it can’t be ${what}.`,
    );
  }
}

const nameTaken = (name: string, where: string) =>
  new ApiError(
    409,
    'folder_exists',
    `There’s already a folder called “${name}” ${where}. Choose another name.`,
  );

type Event = Parameters<typeof publish>[1][number];

/**
 * After a folder change: other tabs re-read the folder list; a sync round that read the folder list before
 * this change would put the old list back in the cache, so one more round follows it. `folders.changed`
 * goes last: a tab re-reading the list must not have that answer overtaken by an earlier event's change.
 */
async function afterFolderChange(
  userId: string,
  change: 'created' | 'renamed' | 'deleted',
  before: Event[] = [],
) {
  if (isSyncing(userId)) await startSync(userId);
  await publish(userId, [...before, { name: 'folders.changed', data: { change } }]);
}

export async function createFolder(userId: string, input: CreateFolderRequest): Promise<FolderDto> {
  const name = input.displayName.trim();
  const parent = input.parentId ? await requireFolder(userId, input.parentId) : null;
  const created = await createGraphFolder(userId, name, parent?.graphId).catch((error: unknown) => {
    throw isFolderExists(error)
      ? nameTaken(name, parent ? `in ${parent.displayName}` : 'at the top of your mailbox')
      : error;
  });
  const fields = {
    displayName: created.displayName,
    parentGraphId: parent?.graphId ?? null,
    unreadCount: created.unreadItemCount ?? 0,
    totalCount: created.totalItemCount ?? 0,
  };
  const row = await db.mailFolder.upsert({
    where: { userId_graphId: { userId, graphId: created.id } },
    create: { userId, graphId: created.id, wellKnownName: null, ...fields },
    update: fields,
  });
  await afterFolderChange(userId, 'created');
  return toFolderDto(row);
}

export async function renameFolder(userId: string, id: string, displayName: string): Promise<FolderDto> {
  const folder = await requireFolder(userId, id);
  refuseWellKnown(folder, 'renamed');
  const name = displayName.trim();
  if (name === folder.displayName) return toFolderDto(folder);
  const parent = folder.parentGraphId ? await findFolder(userId, folder.parentGraphId) : null;
  const renamed = await renameGraphFolder(userId, folder.graphId, name).catch((error: unknown) => {
    throw isFolderExists(error)
      ? nameTaken(name, parent ? `in ${parent.displayName}` : 'at the top of your mailbox')
      : error;
  });
  const row = await db.mailFolder.update({
    where: { userId_graphId: { userId, graphId: folder.graphId } },
    data: { displayName: renamed.displayName },
  });
  await afterFolderChange(userId, 'renamed');
  return toFolderDto(row);
}

/** Whether the cached folder is Deleted Items or lies under it. */
function inDeletedItems(folders: MailFolder[], folder: MailFolder): boolean {
  const seen = new Set<string>();
  for (let at: MailFolder | undefined = folder; at && !seen.has(at.graphId); ) {
    if (at.wellKnownName === 'deleteditems') return true;
    seen.add(at.graphId);
    const parentId: string | null = at.parentGraphId;
    at = parentId ? folders.find((f) => f.graphId === parentId) : undefined;
  }
  return false;
}

/** The folder and every cached folder under it. */
function subtree(folders: MailFolder[], root: MailFolder): MailFolder[] {
  const tree = [root];
  for (let i = 0; i < tree.length; i += 1) {
    const at = tree[i];
    if (at) tree.push(...folders.filter((f) => f.parentGraphId === at.graphId));
  }
  return tree;
}

/**
 * Deletes a folder as Outlook does: Exchange moves it, with its subfolders and their mail, into Deleted
 * Items; one already there is removed for good. Which of the two happened is read back from Graph rather
 * than assumed, and the cache follows: the folder re-parented (its messages stay in it, ids unchanged),
 * or the folder, its subfolders and their cached messages removed.
 */
export async function deleteFolder(userId: string, id: string): Promise<DeleteFolderDto> {
  const folder = await requireFolder(userId, id);
  refuseWellKnown(folder, 'deleted');
  await deleteGraphFolder(userId, folder.graphId).catch((error: unknown) => {
    throw isFolderExists(error)
      ? new ApiError(
          409,
          'folder_exists',
          `Deleted Items already has a folder called “${folder.displayName}”. Delete or rename that one first, then try again.`,
        )
      : error;
  });
  const folders = await listFolders(userId);
  const deletedItems = folders.find((f) => f.wellKnownName === 'deleteditems') ?? null;
  // The delete is done; should Graph not answer where the folder went, Exchange's usual outcome stands in
  // the cache and a sync round confirms it.
  const now = await findGraphFolder(userId, folder.graphId).catch(async () => {
    await startSync(userId);
    return inDeletedItems(folders, folder) ? null : { parentFolderId: deletedItems?.graphId ?? null };
  });
  if (now) {
    const parent = folders.find((f) => f.graphId === now.parentFolderId) ?? null;
    const row = await db.mailFolder.update({
      where: { userId_graphId: { userId, graphId: folder.graphId } },
      data: { parentGraphId: parent?.graphId ?? null },
    });
    await afterFolderChange(userId, 'deleted');
    return { permanently: false, folder: toFolderDto(row) };
  }

  const tree = subtree(folders, folder).map((f) => f.graphId);
  const messages = await db.mailMessage.findMany({
    where: { userId, folderGraphId: { in: tree } },
    select: { graphId: true, folderGraphId: true },
  });
  await db.$transaction([
    db.mailMessage.deleteMany({ where: { userId, folderGraphId: { in: tree } } }),
    db.mailFolder.deleteMany({ where: { userId, graphId: { in: tree } } }),
  ]);
  // Tabs showing these messages (a search, a conversation) drop them; their folders' counts went with them.
  const gone: Event[] =
    messages.length > MAX_DELETE_EVENTS
      ? [{ name: 'mailbox.changed', data: { reason: 'folder deleted' } }]
      : messages.map((m) => ({
          name: 'message.deleted' as const,
          data: { id: m.graphId, folderId: m.folderGraphId },
        }));
  await afterFolderChange(userId, 'deleted', gone);
  return { permanently: true, folder: null };
}
