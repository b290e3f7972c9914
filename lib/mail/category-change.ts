import type { BulkChange } from './types';

/**
 * The categories a change leaves a message with, or null when it does not touch them: `categories` sets
 * them all; `addCategories`/`removeCategories` give or take some, the message keeping its others (what a
 * bulk Categorize needs, each message having its own). Shared by the server and the browser's preview.
 */
export function categoriesAfter(
  current: readonly string[],
  change: Pick<BulkChange, 'categories' | 'addCategories' | 'removeCategories'>,
): string[] | null {
  if (change.categories !== undefined) return change.categories;
  if (!change.addCategories?.length && !change.removeCategories?.length) return null;
  const removed = new Set(change.removeCategories ?? []);
  const kept = current.filter((name) => !removed.has(name));
  return [...kept, ...(change.addCategories ?? []).filter((name) => !kept.includes(name))];
}
