import 'server-only';
import { z } from 'zod';
import { withGraph } from '../graph/client';
import { GraphRequestError } from '../graph/errors';

/* The Graph calls that change mail folders, with what comes back parsed, never trusted. */

const folderSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  parentFolderId: z.string().nullish(),
  unreadItemCount: z.number().nullish(),
  totalItemCount: z.number().nullish(),
});
export type GraphFolderRef = z.infer<typeof folderSchema>;

const FIELDS = 'id,displayName,parentFolderId,unreadItemCount,totalItemCount';

/** Creates a folder at the top of the mailbox, or under `parentId`. */
export function createGraphFolder(userId: string, displayName: string, parentId?: string) {
  return withGraph(userId, async (client) =>
    folderSchema.parse(
      await client
        .api(parentId ? `/me/mailFolders/${parentId}/childFolders` : '/me/mailFolders')
        .post({ displayName }),
    ),
  );
}

export function renameGraphFolder(userId: string, folderId: string, displayName: string) {
  return withGraph(userId, async (client) =>
    folderSchema.parse(await client.api(`/me/mailFolders/${folderId}`).patch({ displayName })),
  );
}

/** Graph's DELETE: Exchange moves the folder into Deleted Items, or removes it when it is already there. */
export function deleteGraphFolder(userId: string, folderId: string): Promise<void> {
  return withGraph(userId, async (client) => {
    await client.api(`/me/mailFolders/${folderId}`).delete();
  });
}

/** A folder as Graph has it now, or null when it is gone. */
export async function findGraphFolder(userId: string, folderId: string): Promise<GraphFolderRef | null> {
  try {
    return await withGraph(userId, async (client) =>
      folderSchema.parse(await client.api(`/me/mailFolders/${folderId}`).select(FIELDS).get()),
    );
  } catch (error) {
    if (error instanceof GraphRequestError && error.kind === 'not-found') return null;
    throw error;
  }
}

/** Exchange's "a folder with that name is already there" (answered as 409, by some tenants as 400). */
export const isFolderExists = (error: unknown) =>
  error instanceof GraphRequestError && error.code === 'ErrorFolderExists';
