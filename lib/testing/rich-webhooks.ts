import { startWebhookServer } from './webhook-server';

/**
 * For tests of rich notifications: RICH_NOTIFICATIONS on (before the app's modules read the environment),
 * the app's webhook routes on a test server that PUBLIC_URL names, and every change notification body it
 * receives kept in `bodies`, in order.
 */
export async function startRichWebhooks<Body = unknown>() {
  process.env.RICH_NOTIFICATIONS = 'on';
  const bodies: Body[] = [];
  const webhooks = await startWebhookServer({
    onRequest: (request, kind) => {
      if (kind === 'change')
        void request.json().then(
          (body) => bodies.push(body as Body),
          () => undefined,
        );
    },
  });
  process.env.PUBLIC_URL = webhooks.url;
  return { webhooks, bodies };
}
