import { EventEmitter } from 'node:events';
import { newChangeKey, newId } from '../ids';
import type { MailUser } from '../users';
import type { MailChange, StoredFolder, StoredMessage } from './types';

export const WELL_KNOWN_FOLDERS = [
  ['inbox', 'Inbox'],
  ['drafts', 'Drafts'],
  ['sentitems', 'Sent Items'],
  ['deleteditems', 'Deleted Items'],
  ['archive', 'Archive'],
  ['junkemail', 'Junk Email'],
  ['outbox', 'Outbox'],
] as const;

export type WellKnownName = (typeof WELL_KNOWN_FOLDERS)[number][0] | 'msgfolderroot';

/** See MailStore.addDeliveryFilter. */
export type DeliveryFilter = (message: StoredMessage) => boolean | undefined;

interface Removal {
  id: string;
  seq: number;
  reason: 'deleted' | 'changed';
}

/**
 * All mailboxes of the emulator, in memory. Every mutation goes through this class so that it bumps the
 * change sequence (delta queries) and emits a `change` event (subscriptions). Listeners run synchronously
 * and must not throw.
 */
export class MailStore extends EventEmitter<{ change: [MailChange]; reset: [] }> {
  readonly users = new Map<string, MailUser>();
  readonly folders = new Map<string, StoredFolder>();
  readonly messages = new Map<string, StoredMessage>();
  /** Messages that left a folder (deleted or moved out), for delta's @removed entries. */
  private readonly removals = new Map<string, Removal[]>();
  private readonly deliveryFilters: DeliveryFilter[] = [];
  private sequence = 0;

  get currentSeq(): number {
    return this.sequence;
  }

  nextSeq(): number {
    this.sequence += 1;
    return this.sequence;
  }

  clear(): void {
    this.users.clear();
    this.folders.clear();
    this.messages.clear();
    this.removals.clear();
    this.emit('reset');
  }

  // --- users ---

  /** Adds a user with the well-known folders; `folderId` makes their ids deterministic (seeding). */
  addUser(user: MailUser, folderId: (name: string) => string = () => newId('AAMkFolder')): void {
    this.users.set(user.id, user);
    const root: StoredFolder = {
      id: folderId('msgfolderroot'),
      userId: user.id,
      displayName: 'Top of Information Store',
      parentFolderId: null,
      wellKnownName: 'msgfolderroot',
      isHidden: false,
    };
    this.folders.set(root.id, root);
    for (const [wellKnownName, displayName] of WELL_KNOWN_FOLDERS) {
      this.addFolder(user.id, root.id, displayName, wellKnownName, folderId(wellKnownName));
    }
  }

  /** A user by object id, UPN, mail address or alias (the part before @). */
  findUser(idOrLogin: string): MailUser | undefined {
    const key = idOrLogin.trim().toLowerCase();
    for (const user of this.users.values()) {
      if (
        user.id === key ||
        user.userPrincipalName.toLowerCase() === key ||
        user.mail.toLowerCase() === key ||
        user.userPrincipalName.split('@')[0]?.toLowerCase() === key
      ) {
        return user;
      }
    }
    return undefined;
  }

  // --- folders ---

  addFolder(
    userId: string,
    parentFolderId: string,
    displayName: string,
    wellKnownName: string | null = null,
    id: string = newId('AAMkFolder'),
  ) {
    const folder: StoredFolder = {
      id,
      userId,
      displayName,
      parentFolderId,
      wellKnownName,
      isHidden: false,
    };
    this.folders.set(folder.id, folder);
    return folder;
  }

  /** A folder of the user's by id or well-known name (case-insensitive, like Graph). */
  getFolder(userId: string, idOrWellKnown: string): StoredFolder | undefined {
    const byId = this.folders.get(idOrWellKnown);
    if (byId) return byId.userId === userId ? byId : undefined;
    const name = idOrWellKnown.toLowerCase();
    for (const folder of this.folders.values()) {
      if (folder.userId === userId && folder.wellKnownName === name) return folder;
    }
    return undefined;
  }

  rootFolder(userId: string): StoredFolder {
    const root = this.getFolder(userId, 'msgfolderroot');
    if (!root) throw new Error(`user ${userId} has no mailbox`);
    return root;
  }

  /** Renames a folder (Graph's PATCH displayName). Folders carry no change sequence: only messages do. */
  renameFolder(userId: string, id: string, displayName: string): StoredFolder | undefined {
    const folder = this.getFolder(userId, id);
    if (!folder) return undefined;
    folder.displayName = displayName;
    return folder;
  }

  /**
   * Moves a folder, with its subfolders and messages, under another folder. Ids stay (immutable ids), and
   * the messages stay in their own folder, so no message changes: Exchange sends no message notifications
   * for a folder moving, and each folder's message delta goes on from its token.
   */
  moveFolder(userId: string, id: string, parentFolderId: string): StoredFolder | undefined {
    const folder = this.getFolder(userId, id);
    if (!folder) return undefined;
    folder.parentFolderId = parentFolderId;
    return folder;
  }

  /** The folder and every folder under it, the folder first. */
  folderTree(userId: string, id: string): StoredFolder[] {
    const root = this.getFolder(userId, id);
    if (!root) return [];
    const tree = [root];
    for (let i = 0; i < tree.length; i += 1) {
      const at = tree[i];
      if (at) tree.push(...this.childFolders(userId, at.id));
    }
    return tree;
  }

  /**
   * Removes a folder for good with everything under it (deleting from Deleted Items): each message is
   * deleted as Graph's DELETE deletes one, so subscribers hear of every one.
   */
  removeFolder(userId: string, id: string): boolean {
    const tree = this.folderTree(userId, id);
    if (tree.length === 0) return false;
    for (const folder of tree) {
      for (const message of this.messagesOf(userId, folder.id)) this.deleteMessage(userId, message.id);
    }
    for (const folder of tree) {
      this.folders.delete(folder.id);
      this.removals.delete(folder.id);
    }
    return true;
  }

  childFolders(userId: string, parentFolderId: string): StoredFolder[] {
    return [...this.folders.values()].filter(
      (f) => f.userId === userId && f.parentFolderId === parentFolderId,
    );
  }

  folderCounts(folderId: string): {
    totalItemCount: number;
    unreadItemCount: number;
    childFolderCount: number;
  } {
    let totalItemCount = 0;
    let unreadItemCount = 0;
    for (const message of this.messages.values()) {
      if (message.parentFolderId !== folderId) continue;
      totalItemCount += 1;
      if (!message.isRead) unreadItemCount += 1;
    }
    let childFolderCount = 0;
    for (const folder of this.folders.values()) if (folder.parentFolderId === folderId) childFolderCount += 1;
    return { totalItemCount, unreadItemCount, childFolderCount };
  }

  // --- messages ---

  getMessage(userId: string, id: string): StoredMessage | undefined {
    const message = this.messages.get(id);
    return message?.userId === userId ? message : undefined;
  }

  messagesOf(userId: string, folderId?: string): StoredMessage[] {
    const result: StoredMessage[] = [];
    for (const message of this.messages.values()) {
      if (message.userId === userId && (folderId === undefined || message.parentFolderId === folderId)) {
        result.push(message);
      }
    }
    return result;
  }

  /**
   * Adds what runs on every message delivered to a mailbox (inbox rules), before it is stored and announced:
   * it may change the message (its folder, read state, categories) or answer false to drop it.
   */
  addDeliveryFilter(filter: DeliveryFilter): void {
    this.deliveryFilters.push(filter);
  }

  /**
   * Adds a message (its id, changeKey and seq are assigned here) and announces it as created. With
   * `delivered`, it is mail arriving in the mailbox (from outside or sent by another user): delivery
   * filters run first, so the announcement already names the folder they chose.
   */
  insertMessage(
    message: Omit<StoredMessage, 'id' | 'changeKey' | 'seq'> & { id?: string },
    options: { delivered?: boolean } = {},
  ): StoredMessage {
    const stored: StoredMessage = {
      ...message,
      id: message.id ?? newId(),
      changeKey: newChangeKey(),
      seq: this.nextSeq(),
    };
    if (options.delivered) {
      for (const filter of this.deliveryFilters) if (filter(stored) === false) return stored;
    }
    this.messages.set(stored.id, stored);
    this.announce({
      userId: stored.userId,
      changeType: 'created',
      messageId: stored.id,
      folderId: stored.parentFolderId,
      seq: stored.seq,
    });
    return stored;
  }

  /** Applies a change to a message's fields and announces it as updated. */
  updateMessage(
    userId: string,
    id: string,
    patch: Partial<Omit<StoredMessage, 'id' | 'userId' | 'seq' | 'changeKey' | 'parentFolderId'>>,
  ): StoredMessage | undefined {
    const message = this.getMessage(userId, id);
    if (!message) return undefined;
    Object.assign(message, patch, {
      changeKey: newChangeKey(),
      lastModifiedDateTime: new Date().toISOString(),
      seq: this.nextSeq(),
    });
    this.announce({
      userId,
      changeType: 'updated',
      messageId: id,
      folderId: message.parentFolderId,
      seq: message.seq,
    });
    return message;
  }

  /** Moves a message; the id stays the same (immutable ids). */
  moveMessage(userId: string, id: string, destinationFolderId: string): StoredMessage | undefined {
    const message = this.getMessage(userId, id);
    if (!message) return undefined;
    const previousFolderId = message.parentFolderId;
    if (previousFolderId === destinationFolderId) return message;
    const seq = this.nextSeq();
    this.recordRemoval(previousFolderId, { id, seq, reason: 'changed' });
    Object.assign(message, {
      parentFolderId: destinationFolderId,
      changeKey: newChangeKey(),
      lastModifiedDateTime: new Date().toISOString(),
      seq,
    });
    this.announce({
      userId,
      changeType: 'updated',
      messageId: id,
      folderId: destinationFolderId,
      previousFolderId,
      seq,
    });
    return message;
  }

  /** Removes a message for good (Graph's DELETE, or emptying Deleted Items). */
  deleteMessage(userId: string, id: string): boolean {
    const message = this.getMessage(userId, id);
    if (!message) return false;
    this.messages.delete(id);
    const seq = this.nextSeq();
    this.recordRemoval(message.parentFolderId, { id, seq, reason: 'deleted' });
    this.announce({ userId, changeType: 'deleted', messageId: id, folderId: message.parentFolderId, seq });
    return true;
  }

  /** What left a folder after `sinceSeq` (delta's @removed entries). */
  removedSince(folderId: string, sinceSeq: number): Removal[] {
    return (this.removals.get(folderId) ?? []).filter((r) => r.seq > sinceSeq);
  }

  private recordRemoval(folderId: string, removal: Removal) {
    const list = this.removals.get(folderId) ?? [];
    list.push(removal);
    this.removals.set(folderId, list);
  }

  private announce(change: MailChange) {
    this.emit('change', change);
  }
}
