import 'server-only';
import { z } from 'zod';
import { ApiError } from '../api/api-error';
import { env } from '../env';
import { withGraph } from '../graph/client';
import { logger } from '../logger';
import type { UnsubscribeMethod, UnsubscribeOfferDto, UnsubscribeResultDto } from './types';
import { parseConnectOverrides, parseResolveOverrides } from './unsubscribe-overrides';
import { type ListUnsubscribe, parseListUnsubscribe } from './unsubscribe-parse';
import { type OneClickOptions, postOneClick } from './unsubscribe-post';

/*
 * Leaving a mailing list from the message: its List-Unsubscribe headers are read from Graph when asked
 * (they are not cached), and the server either makes RFC 8058's one-click POST or sends the mailto:
 * unsubscribe through Graph. A link without one-click is only offered to the browser, to open itself.
 * Logs name the host and the outcome, never the link (it often identifies the person) or the mail.
 */

const DONE = 'It may take a few days for their mail to stop.';

const headersSchema = z.object({
  from: z
    .object({ emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }) })
    .nullish(),
  internetMessageHeaders: z.array(z.object({ name: z.string(), value: z.string() })).nullish(),
});

async function readList(
  userId: string,
  messageId: string,
): Promise<ListUnsubscribe & { sender: string | null }> {
  const message = await withGraph(userId, async (client) =>
    headersSchema.parse(
      await client
        .api(`/me/messages/${encodeURIComponent(messageId)}`)
        .select('from,internetMessageHeaders')
        .get(),
    ),
  );
  const from = message.from?.emailAddress;
  return {
    ...parseListUnsubscribe(message.internetMessageHeaders ?? []),
    sender: from?.name?.trim() || from?.address?.trim() || null,
  };
}

/** What the message offers for leaving its list, best first. */
export async function unsubscribeOffer(userId: string, messageId: string): Promise<UnsubscribeOfferDto> {
  const list = await readList(userId, messageId);
  const methods: UnsubscribeMethod[] = [];
  if (list.oneClick) methods.push('one-click');
  if (list.mailto) methods.push('mailto');
  if (!list.oneClick && list.link) methods.push('link');
  return {
    methods,
    listName: list.listName ?? list.sender,
    oneClickHost: list.oneClick?.hostname ?? null,
    mailtoAddress: list.mailto?.address ?? null,
    linkUrl: !list.oneClick && list.link ? list.link.href : null,
  };
}

/** The test seam from the environment (see unsubscribe-overrides.ts); empty outside tests. */
function seamOptions(): OneClickOptions {
  const resolves = parseResolveOverrides(env.UNSUBSCRIBE_TEST_RESOLVE);
  const connects = parseConnectOverrides(env.UNSUBSCRIBE_TEST_CONNECT);
  return {
    ...(resolves.size
      ? {
          resolve: async (host: string) => {
            const given = resolves.get(host.toLowerCase());
            if (given) return given;
            const { lookup } = await import('node:dns/promises');
            return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
          },
        }
      : {}),
    ...(connects.size ? { connectTo: (address: string) => connects.get(address) } : {}),
  };
}

/** One request per message at a time: a second click while the first is on its way gets the same answer. */
const inFlight = new Map<string, Promise<UnsubscribeResultDto>>();

export function unsubscribe(
  userId: string,
  messageId: string,
  method: 'one-click' | 'mailto',
): Promise<UnsubscribeResultDto> {
  const key = `${userId}:${messageId}:${method}`;
  const running = inFlight.get(key);
  if (running) return running;
  const started = (method === 'one-click' ? oneClick : byMail)(userId, messageId).finally(() =>
    inFlight.delete(key),
  );
  inFlight.set(key, started);
  return started;
}

async function oneClick(userId: string, messageId: string): Promise<UnsubscribeResultDto> {
  const list = await readList(userId, messageId);
  if (!list.oneClick) {
    throw new ApiError(409, 'unsubscribe_unavailable', 'This message doesn’t offer one-click unsubscribe.');
  }
  const outcome = await postOneClick(list.oneClick, seamOptions());
  logger.info('one-click unsubscribe', {
    userId,
    host: outcome.host,
    outcome: outcome.ok ? `HTTP ${outcome.status}` : outcome.reason,
  });
  if (outcome.ok) {
    return {
      method: 'one-click',
      message: `You’re unsubscribed from ${list.listName ?? list.sender ?? outcome.host}. ${DONE}`,
    };
  }
  if (outcome.reason === 'refused') throw new ApiError(422, 'unsubscribe_refused', outcome.message);
  const instead = list.mailto ? ' You can send an unsubscribe email instead.' : ' Try again later.';
  throw new ApiError(502, 'unsubscribe_failed', `${outcome.message}${instead}`);
}

async function byMail(userId: string, messageId: string): Promise<UnsubscribeResultDto> {
  const list = await readList(userId, messageId);
  const mailto = list.mailto;
  if (!mailto) {
    throw new ApiError(409, 'unsubscribe_unavailable', 'This message doesn’t offer an unsubscribe address.');
  }
  await withGraph(userId, (client) =>
    client.api('/me/sendMail').post({
      message: {
        subject: mailto.subject,
        body: { contentType: 'text', content: mailto.body },
        toRecipients: [{ emailAddress: { address: mailto.address } }],
      },
      saveToSentItems: true,
    }),
  );
  logger.info('mailto unsubscribe sent', { userId, domain: mailto.address.split('@')[1] });
  return {
    method: 'mailto',
    message: `You’re unsubscribed: Tidings sent the request to ${mailto.address}. ${DONE}`,
  };
}
