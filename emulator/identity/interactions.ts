import express, { type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import type { EmulatorContext } from '../context';
import { grantRequestedScopes } from './scopes';
import { errorPage, signInPage } from './views';

type Interaction = Awaited<ReturnType<Provider['interactionDetails']>>;

const WRONG_CREDENTIALS =
  'Your account or password is incorrect. Check the email or username and the password, then try again.';

/**
 * The pages oidc-provider sends the browser to when it needs a person: the sign-in form (prompt "login")
 * and consent, which is granted without asking. Served at /<tenantId>/login/:uid.
 */
export function registerInteractionRoutes(router: Router, provider: Provider, ctx: EmulatorContext): void {
  const action = (uid: string) => `/${ctx.config.tenantId}/login/${encodeURIComponent(uid)}`;

  router.get('/login/:uid', async (req, res, next) => {
    try {
      const interaction = await detailsOrExplain(provider, req, res);
      if (!interaction) return;
      if (interaction.prompt.name === 'login') {
        const hint = interaction.params.login_hint;
        sendHtml(res, 200, signInPage({ action: action(interaction.uid), login: str(hint) }));
        return;
      }
      await consent(provider, req, res, interaction);
    } catch (error) {
      next(error);
    }
  });

  router.post('/login/:uid', express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const interaction = await detailsOrExplain(provider, req, res);
      if (!interaction) return;
      if (interaction.prompt.name !== 'login') {
        await consent(provider, req, res, interaction);
        return;
      }
      const login = str(req.body?.login)?.trim() ?? '';
      const password = str(req.body?.password) ?? '';
      const user = login ? ctx.store.findUser(login) : undefined;
      if (!user || user.password !== password) {
        const error = login ? WRONG_CREDENTIALS : 'Enter your email or username.';
        sendHtml(res, 200, signInPage({ action: action(interaction.uid), login, error }));
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.id, amr: ['pwd'] } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      next(error);
    }
  });
}

/** The pending interaction, or undefined after explaining to the person that it is gone. */
async function detailsOrExplain(
  provider: Provider,
  req: Request,
  res: Response,
): Promise<Interaction | undefined> {
  try {
    const interaction = await provider.interactionDetails(req, res);
    if (interaction.uid === req.params.uid) return interaction;
  } catch {
    // Missing or expired interaction cookie: answered below, as Entra does, with a page rather than a crash.
  }
  sendHtml(
    res,
    400,
    errorPage('This sign-in request has expired', {
      'What to do': 'Go back to the app and start signing in again.',
    }),
  );
  return undefined;
}

async function consent(provider: Provider, req: Request, res: Response, interaction: Interaction) {
  const accountId = interaction.session?.accountId;
  const clientId = str(interaction.params.client_id);
  if (!accountId || !clientId) throw new Error('consent interaction without a signed-in user or client');
  const existing = interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined;
  const grant = existing ?? new provider.Grant({ accountId, clientId });
  grantRequestedScopes(grant, str(interaction.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

function sendHtml(res: Response, status: number, html: string) {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(html);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
