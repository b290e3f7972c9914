import type { Router } from 'express';
import type { EmulatorContext } from '../context';
import { callerOf } from './auth';
import { notFound } from './errors';

/** GET /me: the signed-in user's profile. */
export function registerMeRoutes(graph: Router, ctx: EmulatorContext): void {
  graph.get('/me', (_req, res) => {
    const user = ctx.store.users.get(callerOf(res).userId);
    if (!user) throw notFound();
    res.json({
      '@odata.context': `${ctx.baseUrl()}/v1.0/$metadata#users/$entity`,
      id: user.id,
      displayName: user.displayName,
      givenName: user.givenName,
      surname: user.surname,
      userPrincipalName: user.userPrincipalName,
      mail: user.mail,
      jobTitle: user.jobTitle,
      businessPhones: [],
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'en-US',
    });
  });
}
