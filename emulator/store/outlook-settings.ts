import { createHash, randomUUID } from 'node:crypto';
import type { MailStore } from './mail-store';

/*
 * What a mailbox keeps besides folders and messages: its master list of categories (names and colours;
 * messages carry category names only) and its Focused Inbox overrides (a sender always Focused or Other).
 * Kept beside the store, per store, and emptied with it on reset.
 */

/** Graph's categoryColor: none, or one of 25 preset colours Outlook maps to its palette. */
export const CATEGORY_COLORS = ['none', ...Array.from({ length: 25 }, (_, i) => `preset${i}`)] as const;
export type CategoryColor = (typeof CATEGORY_COLORS)[number];

export interface StoredCategory {
  id: string;
  displayName: string;
  color: CategoryColor;
}

export type Classification = 'focused' | 'other';

export interface StoredOverride {
  id: string;
  classifyAs: Classification;
  senderEmailAddress: { name: string; address: string };
}

interface Settings {
  categories: Map<string, StoredCategory[]>;
  overrides: Map<string, StoredOverride[]>;
}

const byStore = new WeakMap<MailStore, Settings>();

function settingsOf(store: MailStore): Settings {
  let settings = byStore.get(store);
  if (!settings) {
    const created: Settings = { categories: new Map(), overrides: new Map() };
    store.on('reset', () => {
      created.categories.clear();
      created.overrides.clear();
    });
    byStore.set(store, created);
    settings = created;
  }
  return settings;
}

const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A mailbox's master categories, in the order they were created. */
export function categoriesOf(store: MailStore, userId: string): StoredCategory[] {
  const categories = settingsOf(store).categories;
  let list = categories.get(userId);
  if (!list) {
    list = [];
    categories.set(userId, list);
  }
  return list;
}

export function findCategory(store: MailStore, userId: string, id: string): StoredCategory | undefined {
  return categoriesOf(store, userId).find((c) => c.id === id);
}

/** Adds a category; undefined when one with that name (case-insensitively) exists already. */
export function addCategory(
  store: MailStore,
  userId: string,
  input: { displayName: string; color: CategoryColor },
  id: string = randomUUID(),
): StoredCategory | undefined {
  const list = categoriesOf(store, userId);
  if (list.some((c) => sameName(c.displayName, input.displayName))) return undefined;
  const category: StoredCategory = { id, displayName: input.displayName, color: input.color };
  list.push(category);
  return category;
}

export function removeCategory(store: MailStore, userId: string, id: string): boolean {
  const list = categoriesOf(store, userId);
  const at = list.findIndex((c) => c.id === id);
  if (at === -1) return false;
  list.splice(at, 1);
  return true;
}

/** A mailbox's Focused Inbox overrides. */
export function overridesOf(store: MailStore, userId: string): StoredOverride[] {
  const overrides = settingsOf(store).overrides;
  let list = overrides.get(userId);
  if (!list) {
    list = [];
    overrides.set(userId, list);
  }
  return list;
}

/**
 * Creates an override, or, as Graph does for a sender that has one already, updates its classifyAs and
 * name. `created` says which.
 */
export function upsertOverride(
  store: MailStore,
  userId: string,
  input: Omit<StoredOverride, 'id'>,
): { override: StoredOverride; created: boolean } {
  const list = overridesOf(store, userId);
  const existing = list.find((o) => sameName(o.senderEmailAddress.address, input.senderEmailAddress.address));
  if (existing) {
    existing.classifyAs = input.classifyAs;
    existing.senderEmailAddress.name = input.senderEmailAddress.name;
    return { override: existing, created: false };
  }
  const override: StoredOverride = { id: randomUUID(), ...input };
  list.push(override);
  return { override, created: true };
}

export function removeOverride(store: MailStore, userId: string, id: string): boolean {
  const list = overridesOf(store, userId);
  const at = list.findIndex((o) => o.id === id);
  if (at === -1) return false;
  list.splice(at, 1);
  return true;
}

/**
 * How mail from `address` arriving in this mailbox is classified: the sender's override if there is one,
 * else `fallback` (what the classifier would infer; the emulator has none, so callers say).
 */
export function classifyIncoming(
  store: MailStore,
  userId: string,
  address: string | undefined,
  fallback: Classification = 'focused',
): Classification {
  if (!address) return fallback;
  const override = overridesOf(store, userId).find((o) => sameName(o.senderEmailAddress.address, address));
  return override?.classifyAs ?? fallback;
}

/**
 * Gives every message from the override's sender in the Inbox its classification (each one changed is
 * announced as updated, as any change to a message is), as Outlook moves a sender's mail when told to
 * always put it in Focused or Other. Returns how many changed.
 */
export function applyOverrideToInbox(store: MailStore, userId: string, override: StoredOverride): number {
  const inbox = store.getFolder(userId, 'inbox');
  if (!inbox) return 0;
  let changed = 0;
  for (const message of store.messagesOf(userId, inbox.id)) {
    const from = message.from?.emailAddress.address;
    if (!from || !sameName(from, override.senderEmailAddress.address)) continue;
    if (message.inferenceClassification === override.classifyAs) continue;
    store.updateMessage(userId, message.id, { inferenceClassification: override.classifyAs });
    changed += 1;
  }
  return changed;
}

/** The categories every seeded mailbox starts with (the names seeded mail carries, and a few unused). */
export const SEEDED_CATEGORIES: readonly { displayName: string; color: CategoryColor }[] = [
  { displayName: 'Launch', color: 'preset3' },
  { displayName: 'Finance', color: 'preset4' },
  { displayName: 'Customers', color: 'preset7' },
  { displayName: 'Follow up', color: 'preset0' },
  { displayName: 'Personal', color: 'preset8' },
  { displayName: 'Travel', color: 'preset5' },
];

/** Seeds a mailbox's master list; ids are GUIDs, as Graph's are, the same on every reset. */
export function seedCategories(store: MailStore, seed: string, userId: string): void {
  for (const category of SEEDED_CATEGORIES) {
    const h = createHash('sha256').update(`${seed}:${userId}:category:${category.displayName}`).digest('hex');
    const id = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
    addCategory(store, userId, category, id);
  }
}
