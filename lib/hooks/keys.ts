/* SWR keys are the API URLs; building them in one place lets optimistic updates find the caches. */

export const FOLDERS_KEY = '/api/folders';
export const SYNC_KEY = '/api/sync';
export const PAGE_SIZE = 50;

export const messagesPageKey = (folder: string, cursor: string | null) =>
  `/api/messages?folder=${encodeURIComponent(folder)}&limit=${PAGE_SIZE}${
    cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
  }`;

export const messageKey = (id: string, showImages = false) =>
  `/api/messages/${encodeURIComponent(id)}${showImages ? '?showImages=1' : ''}`;

export const conversationKey = (conversationId: string) =>
  `/api/conversations/${encodeURIComponent(conversationId)}`;

export const searchKey = (query: string, source: 'cache' | 'graph') =>
  `/api/search?q=${encodeURIComponent(query)}&source=${source}`;
