import { createHash } from 'node:crypto';

export interface MailUser {
  /** The user's object id (`oid` in tokens, `id` from /me). */
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  mail: string;
  jobTitle: string;
  password: string;
}

function guidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const people = [
  { alias: 'adele', givenName: 'Adele', surname: 'Vance', jobTitle: 'Retail Manager' },
  { alias: 'alex', givenName: 'Alex', surname: 'Wilber', jobTitle: 'Marketing Assistant' },
  { alias: 'megan', givenName: 'Megan', surname: 'Bowen', jobTitle: 'Marketing Manager' },
];

export const MAIL_DOMAIN = 'contoso.test';

/** The seeded users. Their passwords are printed by `npm run demo` and documented in emulator/README.md. */
export function seededUsers(seed: string): MailUser[] {
  return people.map((p) => ({
    id: guidFrom(`${seed}:user:${p.alias}`),
    displayName: `${p.givenName} ${p.surname}`,
    givenName: p.givenName,
    surname: p.surname,
    userPrincipalName: `${p.alias}@${MAIL_DOMAIN}`,
    mail: `${p.alias}@${MAIL_DOMAIN}`,
    jobTitle: p.jobTitle,
    password: `${p.givenName}-demo-1`,
  }));
}
