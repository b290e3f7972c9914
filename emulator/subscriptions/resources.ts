import type { EmulatorContext } from '../context';
import { badRequest, GraphError } from '../graph/errors';
import { parseSelect } from '../graph/odata';

export interface ResolvedResource {
  userId: string;
  folderId: string | null;
  /** The resource's `$select` (what rich notifications carry of each message), when it has one. */
  select: string[] | undefined;
}

// users/{id or upn} or me, then either messages or mailFolders/{id} | mailFolders('{id}') then messages.
const RESOURCE_PATTERN = /^(?:me|users\/([^/]+))\/(?:mailfolders(?:\('([^']+)'\)|\/([^/]+))\/)?messages$/i;

/**
 * Resolves a subscription resource to the mailbox (and folder) it watches. Only the caller's own message
 * resources are supported: the emulator has delegated permissions only.
 */
export function resolveResource(ctx: EmulatorContext, callerId: string, resource: string): ResolvedResource {
  const [rawPath = '', query = ''] = resource.trim().split('?', 2);
  const path = rawPath.replace(/^\/+/, '').replace(/\/+$/, '');
  const select = parseSelect(new URLSearchParams(query).get('$select') ?? undefined);
  const match = RESOURCE_PATTERN.exec(path);
  if (!match) {
    throw badRequest(
      `Resource '${resource}' is not supported. Subscribe to 'me/messages', 'users/{id}/messages' or 'me/mailFolders/{id}/messages'.`,
      'InvalidRequest',
    );
  }
  const [, userPart, quotedFolder, plainFolder] = match;
  if (userPart !== undefined) {
    const user = ctx.store.findUser(decodeURIComponent(userPart));
    if (!user) throw new GraphError(404, 'ResourceNotFound', `User '${userPart}' was not found.`);
    if (user.id !== callerId) {
      throw new GraphError(
        403,
        'ExtensionError',
        "Operation: Create; Exception: [Status Code: Forbidden; Reason: Access is denied. Delegated permissions only reach the signed-in user's mailbox.]",
      );
    }
  }
  const folderRef = quotedFolder ?? plainFolder;
  if (folderRef === undefined) return { userId: callerId, folderId: null, select };
  const folder = ctx.store.getFolder(callerId, decodeURIComponent(folderRef));
  if (!folder) {
    throw new GraphError(404, 'ResourceNotFound', `The mail folder '${folderRef}' was not found.`);
  }
  return { userId: callerId, folderId: folder.id, select };
}
