/* SWR keys are the API URLs; building them in one place lets optimistic updates find the caches. */

export const FOLDERS_KEY = '/api/folders';
export const SYNC_KEY = '/api/sync';
export const PAGE_SIZE = 50;

export const CATEGORIES_KEY = '/api/categories';

/** A page of a folder's list; `filter` narrows it to the Inbox's Focused/Other tab or one category. */
export const messagesPageKey = (
  folder: string,
  cursor: string | null,
  filter: { view?: string; category?: string } = {},
) =>
  `/api/messages?folder=${encodeURIComponent(folder)}&limit=${PAGE_SIZE}${
    filter.view ? `&view=${encodeURIComponent(filter.view)}` : ''
  }${filter.category ? `&category=${encodeURIComponent(filter.category)}` : ''}${
    cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
  }`;

export const messageKey = (id: string, showImages = false) =>
  `/api/messages/${encodeURIComponent(id)}${showImages ? '?showImages=1' : ''}`;

export const conversationKey = (conversationId: string) =>
  `/api/conversations/${encodeURIComponent(conversationId)}`;

export const searchKey = (query: string, source: 'cache' | 'graph') =>
  `/api/search?q=${encodeURIComponent(query)}&source=${source}`;

export const RULES_KEY = '/api/rules';

export const unsubscribeKey = (messageId: string) =>
  `/api/messages/${encodeURIComponent(messageId)}/unsubscribe`;
