import { FOLDERS_KEY, messagesPageKey, SYNC_KEY } from './keys';

/**
 * The API reads the mail screen makes as soon as it runs, in the form its hooks make them: the folder list,
 * the sync's state and the open folder's first page (the Inbox opens on its Focused tab). The page
 * preloads them (`<link rel="preload" as="fetch">`), so they start while the screen's scripts load; the
 * browser then answers the hooks' own fetch() calls from those preloads, as long as the URLs match these
 * exactly and the fetch is a plain same-origin GET (mode cors, same-origin credentials: what crossorigin
 * "anonymous" asks for on a same-origin URL).
 */
export function firstReads(folderParam: string | null): string[] {
  const folder = folderParam || 'inbox';
  return [
    FOLDERS_KEY,
    SYNC_KEY,
    messagesPageKey(folder, null, folder === 'inbox' ? { view: 'focused' } : {}),
  ];
}
