import type { FlagStatus, Recipient } from './types';

/** Where a seeded mail lives: a well-known folder or one of the seeded custom folders. */
export type SeedFolder =
  | 'inbox'
  | 'archive'
  | 'sentitems'
  | 'drafts'
  | 'deleteditems'
  | 'junkemail'
  | 'projects'
  | 'launch';

export interface SeedAttachment {
  name: string;
  contentType: string;
  bytes: Buffer;
  /** Set for inline images that the HTML body references as cid:<contentId>. */
  contentId?: string;
}

/** What a mail says, independent of which mailbox holds it. */
export interface SeedContent {
  subject: string;
  body: { contentType: 'html' | 'text'; content: string };
  from: Recipient;
  to: Recipient[];
  cc?: Recipient[];
  attachments?: SeedAttachment[];
  importance?: 'low' | 'normal' | 'high';
  categories?: string[];
  /** Newsletters and bulk mail land in Other, as Focused Inbox would sort them. */
  focus?: 'focused' | 'other';
  /** Internet headers, e.g. a newsletter's List-Unsubscribe. */
  headers?: { name: string; value: string }[];
}

/** One seeded message in one mailbox. */
export interface SeedMail extends SeedContent {
  /** Unique within the mailbox; the message id is derived from it. */
  key: string;
  folder: SeedFolder;
  /** How long before the seeding moment the mail arrived. */
  ageMinutes: number;
  isRead: boolean;
  flag?: FlagStatus;
  isDraft?: boolean;
  /** Mails with the same conversation key share a conversationId; depth orders the conversationIndex. */
  conversation?: { key: string; depth: number };
  /** Copies of one sent mail in several mailboxes share the internetMessageId. */
  internetKey?: string;
}

export interface Person {
  name: string;
  address: string;
  company: string;
}

export const EXTERNAL_PEOPLE: readonly Person[] = [
  { name: 'Patti Fernandez', address: 'patti.fernandez@fabrikam.test', company: 'Fabrikam' },
  { name: 'Lee Gu', address: 'lee.gu@northwindtraders.test', company: 'Northwind Traders' },
  { name: 'Isaiah Langer', address: 'isaiah.langer@tailspintoys.test', company: 'Tailspin Toys' },
  { name: 'Lidia Holloway', address: 'lidia.holloway@litwareinc.test', company: 'Litware' },
  { name: 'Diego Siciliani', address: 'diego.siciliani@adatum.test', company: 'Adatum' },
  { name: 'Johanna Lorenz', address: 'johanna.lorenz@woodgrovebank.test', company: 'Woodgrove Bank' },
  { name: 'Pradeep Gupta', address: 'pradeep.gupta@fourthcoffee.test', company: 'Fourth Coffee' },
  { name: 'Grady Archie', address: 'grady.archie@wingtiptoys.test', company: 'Wingtip Toys' },
  { name: 'Miriam Graham', address: 'miriam.graham@proseware.test', company: 'Proseware' },
  {
    name: 'Henrietta Mueller',
    address: 'henrietta.mueller@alpineskihouse.test',
    company: 'Alpine Ski House',
  },
];

/** Contoso colleagues who have no mailbox in the emulator: mail to them is recorded, not delivered. */
export const COLLEAGUES: readonly Person[] = [
  { name: 'Nestor Wilke', address: 'nestor.wilke@contoso.test', company: 'Contoso' },
  { name: 'Lynne Robbins', address: 'lynne.robbins@contoso.test', company: 'Contoso' },
  { name: 'Joni Sherman', address: 'joni.sherman@contoso.test', company: 'Contoso' },
  { name: 'Irvin Sayers', address: 'irvin.sayers@contoso.test', company: 'Contoso' },
];

export function personRecipient(person: { name: string; address: string }): Recipient {
  return { emailAddress: { name: person.name, address: person.address } };
}

export function firstName(recipient: Recipient): string {
  return recipient.emailAddress.name.split(' ')[0] ?? recipient.emailAddress.name;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
