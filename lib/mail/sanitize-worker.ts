import type { RenderInput } from './render-body';
import { renderFoldedText } from './render-quotes';
import { sanitizeHtml } from './render-sanitize';
import { inlineImageMap, type RenderContext } from './render-urls';
import { buildDocument, CLIPPED_NOTICE, contentSecurityPolicy, renderText } from './sanitize-document';
import { PRESCAN_LIMITS, prescanHtml, type TooComplexReason } from './sanitize-prescan';
import { htmlToText } from './sanitize-text';

/*
 * The entry of the sanitizer's worker threads (sanitize-pool.ts), bundled by scripts/build-workers.ts
 * into dist/workers/sanitize-html.mjs. Everything here may take long or fail: that is why it runs
 * off the event loop, where the pool can stop it.
 */

export type WorkerOutcome =
  | { kind: 'rendered'; document: string; hasRemoteContent: boolean }
  | { kind: 'too-complex'; reason: TooComplexReason; text: string };

/*
 * Sanitizing costs about 20 µs per tag on jsdom, so a body with hundreds of thousands of tags would hold
 * a thread for seconds. Past this many tags the rest is cut off, as Gmail clips long messages; counting
 * tags rather than bytes keeps mails whose size is mostly embedded images whole.
 */
const MAX_TAGS = 50_000;

function clipHtml(html: string): string | null {
  let index = -1;
  for (let tags = 0; tags <= MAX_TAGS; tags += 1) {
    index = html.indexOf('<', index + 1);
    if (index === -1) return null;
  }
  return html.slice(0, index);
}

export default function renderInWorker(input: RenderInput): WorkerOutcome {
  const { map, origins } = inlineImageMap(input.inlineImages);
  const csp = contentSecurityPolicy(origins, input.allowRemoteContent);
  if (input.body.contentType === 'text') {
    const text = input.body.content.replace(/\r\n?/g, '\n');
    return {
      kind: 'rendered',
      document: buildDocument(csp, '', '', input.foldQuotes ? renderFoldedText(text) : renderText(text), {
        frame: input.frame,
      }),
      hasRemoteContent: false,
    };
  }
  const verdict = prescanHtml(input.body.content);
  if (!verdict.ok) {
    // Read it all (a huge <style> before the text is skipped with indexOf): this thread has the time.
    const text = htmlToText(input.body.content, PRESCAN_LIMITS.maxChars);
    return { kind: 'too-complex', reason: verdict.reason, text };
  }
  const ctx: RenderContext = { inlineImages: map, allowRemote: input.allowRemoteContent, hasRemote: false };
  const clipped = clipHtml(input.body.content);
  const { css, bodyAttributes, bodyHtml } = sanitizeHtml(clipped ?? input.body.content, ctx, {
    foldQuotes: input.foldQuotes,
  });
  const html = clipped === null ? bodyHtml : bodyHtml + CLIPPED_NOTICE;
  return {
    kind: 'rendered',
    document: buildDocument(csp, css, bodyAttributes, html, { frame: input.frame }),
    hasRemoteContent: ctx.hasRemote,
  };
}
