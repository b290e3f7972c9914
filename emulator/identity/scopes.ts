import type { Grant } from 'oidc-provider';
import { DEFAULT_SCOPES, GRAPH_AUDIENCE } from './tokens';

/** Scopes that are about the sign-in itself, not permissions on Graph. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** The delegated Graph permissions the emulator knows; Entra would reject unknown ones at consent. */
const GRAPH_PERMISSIONS = [
  'User.Read',
  'User.ReadBasic.All',
  'Mail.Read',
  'Mail.ReadBasic',
  'Mail.ReadWrite',
  'Mail.Send',
  'MailboxSettings.Read',
  'MailboxSettings.ReadWrite',
  'Contacts.Read',
  'People.Read',
  'Calendars.ReadBasic',
  'Calendars.Read',
  'Calendars.ReadWrite',
  '.default',
];

const PREFIX = `${GRAPH_AUDIENCE}/`;

/**
 * Every spelling of a Graph permission a client may request: Entra accepts both "Mail.Read" (Graph is the
 * default resource) and "https://graph.microsoft.com/Mail.Read".
 */
export const GRAPH_SCOPE_SPELLINGS = GRAPH_PERMISSIONS.flatMap((name) => [name, `${PREFIX}${name}`]);

/** The requested scopes that are Graph permissions, in any spelling. */
export function graphScopesIn(scope: string | undefined): string[] {
  const known = new Set(GRAPH_SCOPE_SPELLINGS);
  return [...new Set((scope ?? '').split(' '))].filter((name) => known.has(name));
}

/**
 * Graph permission names as the `scp` claim carries them: without the resource prefix, and with
 * ".default" standing for the app's configured permissions.
 */
export function scpFor(scope: string | undefined): string {
  const names = new Set<string>();
  for (const requested of graphScopesIn(scope)) {
    const name = requested.startsWith(PREFIX) ? requested.slice(PREFIX.length) : requested;
    if (name === '.default') {
      for (const configured of DEFAULT_SCOPES) names.add(configured);
    } else {
      names.add(name);
    }
  }
  return [...names].join(' ');
}

/** Grants the requested sign-in scopes and Graph permissions, as an admin-consented app gets them. */
export function grantRequestedScopes(grant: Grant, scope: string | undefined): void {
  const requested = (scope ?? '').split(' ').filter(Boolean);
  const oidc = requested.filter((name) => OIDC_SCOPES.includes(name));
  if (oidc.length > 0) grant.addOIDCScope(oidc);
  const graph = graphScopesIn(scope);
  if (graph.length > 0) grant.addResourceScope(GRAPH_AUDIENCE, graph);
}
