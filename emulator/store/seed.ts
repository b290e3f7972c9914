import { seededUsers } from '../users';
import type { MailStore } from './mail-store';

/** Fills the store with the seeded users and their mail. (Mail to be built.) */
export function seedMailboxes(store: MailStore, seed: string): void {
  store.clear();
  for (const user of seededUsers(seed)) store.addUser(user);
}
