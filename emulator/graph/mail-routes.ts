import type { Router } from 'express';
import type { EmulatorContext } from '../context';
import { registerAttachmentReadRoutes } from './attachments-read';
import { callerOf } from './auth';
import { registerDeltaRoutes } from './delta';
import { GraphError } from './errors';
import { registerFolderRoutes } from './folders';
import { registerMessageRoutes } from './messages';

/** Mail folders and messages: list, get, PATCH, move, delete, attachments, delta. */
export function registerMailRoutes(graph: Router, ctx: EmulatorContext): void {
  // /users/{id-or-upn}/... is the same mailbox as /me/... when it names the caller; delegated tokens here
  // carry no rights to other mailboxes, so those are refused as Graph refuses them.
  graph.use((req, res, next) => {
    const match = /^\/users\/([^/?]+)(\/(?:mailFolders|messages)(?:[/?].*)?)$/i.exec(req.url);
    if (!match?.[1] || !match[2]) return next();
    const user = ctx.store.findUser(decodeURIComponent(match[1]));
    if (!user || user.id !== callerOf(res).userId) {
      throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
    }
    req.url = `/me${match[2]}`;
    next();
  });
  registerFolderRoutes(graph, ctx);
  // Before the message routes, which would otherwise take "delta" for a message id.
  registerDeltaRoutes(graph, ctx);
  registerMessageRoutes(graph, ctx);
  registerAttachmentReadRoutes(graph, ctx);
}
