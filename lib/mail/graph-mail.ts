import 'server-only';
import { ResponseType } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import { runBatched } from '../graph/batch';
import { graphPath, withGraph } from '../graph/client';
import { WELL_KNOWN_FOLDER_NAMES } from './types';

/*
 * The Graph calls the mail cache is built from, with responses validated: what comes back from the
 * network is parsed, never trusted.
 */

export const WELL_KNOWN_FOLDERS = WELL_KNOWN_FOLDER_NAMES;

const recipient = z.object({
  emailAddress: z.object({ name: z.string().nullish(), address: z.string().nullish() }),
});

export const graphMessageSchema = z.object({
  id: z.string(),
  parentFolderId: z.string(),
  conversationId: z.string().nullish(),
  subject: z.string().nullish(),
  bodyPreview: z.string().nullish(),
  from: recipient.nullish(),
  toRecipients: z.array(recipient).nullish(),
  ccRecipients: z.array(recipient).nullish(),
  receivedDateTime: z.string(),
  isRead: z.boolean().nullish(),
  isDraft: z.boolean().nullish(),
  flag: z.object({ flagStatus: z.enum(['notFlagged', 'flagged', 'complete']) }).nullish(),
  hasAttachments: z.boolean().nullish(),
  importance: z.enum(['low', 'normal', 'high']).nullish(),
  categories: z.array(z.string()).nullish(),
  inferenceClassification: z.enum(['focused', 'other']).nullish(),
  changeKey: z.string().nullish(),
  lastModifiedDateTime: z.string().nullish(),
});
export type GraphMessage = z.infer<typeof graphMessageSchema>;

export const MESSAGE_FIELDS =
  'id,parentFolderId,conversationId,subject,bodyPreview,from,toRecipients,ccRecipients,receivedDateTime,isRead,isDraft,flag,hasAttachments,importance,categories,inferenceClassification,changeKey,lastModifiedDateTime';

const folderSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  parentFolderId: z.string().nullish(),
  childFolderCount: z.number().nullish(),
  unreadItemCount: z.number(),
  totalItemCount: z.number(),
});
export type GraphFolder = z.infer<typeof folderSchema> & { wellKnownName: string | null };

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    value: z.array(item),
    '@odata.nextLink': z.string().optional(),
    '@odata.deltaLink': z.string().optional(),
  });

/** Every mail folder with child folders, and which well-known folder each is (Graph does not say). */
export async function fetchFolders(userId: string): Promise<GraphFolder[]> {
  return withGraph(userId, async (client) => {
    const found: z.infer<typeof folderSchema>[] = [];
    let level = page(folderSchema).parse(await client.api('/me/mailFolders').top(250).get()).value;
    while (level.length) {
      found.push(...level);
      const parents = level.filter((f) => (f.childFolderCount ?? 0) > 0);
      const children = await Promise.all(
        parents.map(
          async (f) =>
            page(folderSchema).parse(await client.api(`/me/mailFolders/${f.id}/childFolders`).top(250).get())
              .value,
        ),
      );
      level = children.flat();
    }
    const wellKnown = await runBatched(
      client,
      userId,
      WELL_KNOWN_FOLDERS.map((name) => ({
        id: name,
        method: 'GET' as const,
        url: `/me/mailFolders/${name}?$select=id`,
      })),
    );
    const nameById = new Map<string, string>();
    for (const [name, response] of wellKnown) {
      const id = z.object({ id: z.string() }).safeParse(response.body);
      if (response.status === 200 && id.success) nameById.set(id.data.id, name);
    }
    return found.map((f) => ({ ...f, wellKnownName: nameById.get(f.id) ?? null }));
  });
}

export interface DeltaPage {
  messages: GraphMessage[];
  removedIds: string[];
  nextLink?: string;
  deltaLink?: string;
}

const deltaItem = z.union([
  z.object({ id: z.string(), '@removed': z.object({ reason: z.string().optional() }) }),
  graphMessageSchema,
]);

/** One page of a folder's message delta: from the start, or from a stored next/delta link. */
export async function fetchDeltaPage(userId: string, folderId: string, link?: string): Promise<DeltaPage> {
  return withGraph(userId, async (client) => {
    const request = link
      ? client.api(graphPath(link))
      : client.api(`/me/mailFolders/${folderId}/messages/delta`).select(MESSAGE_FIELDS);
    const body = page(deltaItem).parse(await request.header('Prefer', 'odata.maxpagesize=100').get());
    const messages: GraphMessage[] = [];
    const removedIds: string[] = [];
    for (const item of body.value) {
      if ('@removed' in item) removedIds.push(item.id);
      else messages.push(item);
    }
    return { messages, removedIds, nextLink: body['@odata.nextLink'], deltaLink: body['@odata.deltaLink'] };
  });
}

/** A folder's newest messages, newest first (one page, for a folder the first sync has not reached). */
export async function fetchNewestMessages(
  userId: string,
  folderId: string,
  top: number,
): Promise<GraphMessage[]> {
  return withGraph(
    userId,
    async (client) =>
      page(graphMessageSchema).parse(
        await client
          .api(`/me/mailFolders/${folderId}/messages`)
          .select(MESSAGE_FIELDS)
          .orderby('receivedDateTime desc')
          .top(top)
          .get(),
      ).value,
  );
}

export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string().nullish(),
  contentType: z.string().nullish(),
  size: z.number().nullish(),
  isInline: z.boolean().nullish(),
  contentId: z.string().nullish(),
});
export type GraphAttachment = z.infer<typeof attachmentSchema>;

const fullMessageSchema = graphMessageSchema.extend({
  body: z.object({ contentType: z.enum(['html', 'text']), content: z.string() }),
});

/** A message's attachments without their bytes. */
export async function listAttachments(userId: string, messageId: string) {
  return withGraph(userId, async (client) =>
    page(attachmentSchema)
      .parse(
        await client
          .api(`/me/messages/${messageId}/attachments`)
          .select('id,name,contentType,size,isInline,contentId')
          .get(),
      )
      .value.map(({ id, name, contentType, size, isInline, contentId }) => ({
        id,
        name,
        contentType,
        size,
        isInline,
        contentId,
      })),
  );
}

/** A message with its body and attachment list (no attachment bytes). */
export async function fetchMessageWithBody(userId: string, messageId: string) {
  const message = await withGraph(userId, async (client) =>
    fullMessageSchema.parse(
      await client.api(`/me/messages/${messageId}`).select(`${MESSAGE_FIELDS},body`).get(),
    ),
  );
  // Inline images can hide behind hasAttachments=false, so a body with cid: references lists them too.
  const attachments =
    message.hasAttachments || /cid:/i.test(message.body.content)
      ? await listAttachments(userId, messageId)
      : [];
  return { message, attachments };
}

/** The raw bytes of one attachment. */
export async function fetchAttachmentBytes(
  userId: string,
  messageId: string,
  attachmentId: string,
): Promise<ArrayBuffer> {
  return withGraph(userId, (client) =>
    client
      .api(`/me/messages/${messageId}/attachments/${attachmentId}/$value`)
      .responseType(ResponseType.ARRAYBUFFER)
      .get(),
  );
}

export async function patchMessage(
  userId: string,
  messageId: string,
  patch: {
    isRead?: boolean;
    flag?: { flagStatus: 'notFlagged' | 'flagged' | 'complete' };
    categories?: string[];
    inferenceClassification?: 'focused' | 'other';
  },
): Promise<GraphMessage> {
  return withGraph(userId, async (client) =>
    graphMessageSchema.parse(await client.api(`/me/messages/${messageId}`).patch(patch)),
  );
}

export async function moveMessage(
  userId: string,
  messageId: string,
  destinationId: string,
): Promise<GraphMessage> {
  return withGraph(userId, async (client) =>
    graphMessageSchema.parse(await client.api(`/me/messages/${messageId}/move`).post({ destinationId })),
  );
}

/** Where the next page of Graph's search results starts: the paging parameter of its @odata.nextLink. */
export type GraphSearchPaging = ['$skiptoken' | '$skip', string];

/**
 * The paging parameter of a nextLink, and nothing else of it: the link itself is never requested, so a
 * cursor handed back by a browser can only ever name a page of the person's own search.
 */
export function searchPagingOf(nextLink: string | undefined): GraphSearchPaging | null {
  if (!nextLink) return null;
  try {
    for (const [key, value] of new URL(nextLink).searchParams) {
      const name = key.toLowerCase();
      if (name === '$skiptoken' || name === '$skip') return [name, value];
    }
  } catch {}
  return null;
}

/** Results per request of Graph's search (it returns 1,000 at most in all, paged by its nextLink). */
export const GRAPH_SEARCH_PAGE = 25;

/**
 * One page of Graph's full-text search with a KQL query (lib/mail/search-query.ts `toKql`), in one folder
 * or the whole mailbox, newest first (Graph sorts $search results by date sent), and where the next page
 * starts. The $search value is a quoted string (a phrase's own quotes escaped \"), percent-encoded here
 * because the Graph client puts query values into the URL as they are (a "&" or "#" would cut it).
 */
export async function searchMessages(
  userId: string,
  kql: string,
  { folderId, paging }: { folderId?: string; paging?: GraphSearchPaging | null } = {},
): Promise<{ messages: GraphMessage[]; next: GraphSearchPaging | null }> {
  const value = `"${kql.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const path = folderId ? `/me/mailFolders/${folderId}/messages` : '/me/messages';
  return withGraph(userId, async (client) => {
    let request = client
      .api(path)
      .search(encodeURIComponent(value))
      .select(MESSAGE_FIELDS)
      .top(GRAPH_SEARCH_PAGE);
    if (paging) request = request.query({ [paging[0]]: encodeURIComponent(paging[1]) });
    const body = page(graphMessageSchema).parse(await request.get());
    return { messages: body.value, next: searchPagingOf(body['@odata.nextLink']) };
  });
}
