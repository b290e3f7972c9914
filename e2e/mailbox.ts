import { emulatorControl } from './helpers';

/** A mailbox as the emulator's control API gives it: the fields the specs read. */
export interface EmulatorMailbox {
  folders: { id: string; wellKnownName: string | null }[];
  messages: {
    id: string;
    parentFolderId: string;
    subject: string;
    receivedDateTime: string;
    categories: string[];
    inferenceClassification: 'focused' | 'other';
  }[];
}

/** The user's mailbox as Microsoft 365 (the emulator) holds it now. */
export const mailbox = (user: string) => emulatorControl(`/mailboxes/${user}`) as Promise<EmulatorMailbox>;

/** The messages in the user's Inbox on Microsoft 365. */
export async function inboxOf(user: string) {
  const box = await mailbox(user);
  const inbox = box.folders.find((f) => f.wellKnownName === 'inbox')?.id;
  return box.messages.filter((m) => m.parentFolderId === inbox);
}
