import 'server-only';
import { logger } from '../logger';
import { tooComplexDocument } from './sanitize-document';
import { renderOffThread, sanitizeBudgetMs } from './sanitize-pool';
import { PRESCAN_LIMITS } from './sanitize-prescan';
import { htmlToText, MAX_FALLBACK_INPUT_MAIN_THREAD, MAX_FALLBACK_TEXT } from './sanitize-text';

/*
 * Turns an untrusted message body into the document for the reading pane's sandboxed iframe (srcdoc).
 * Three layers, each enough on its own against script: the sanitizer, the frame's sandbox (no
 * allow-scripts) and the CSP in the document. Remote requests are held back by the sanitizer (nothing
 * fetchable is written while remote content is blocked) and again by img-src.
 *
 * The work happens on a worker thread with a time budget (sanitize-pool.ts) after a cheap check of
 * nesting, attributes and size (sanitize-prescan.ts). Mail over a limit or over budget becomes the
 * "too complex to show safely" document: its plain text and a link to download the original.
 */

export interface RenderInput {
  body: { contentType: 'html' | 'text'; content: string };
  /**
   * Inline attachments by Content-ID (without angle brackets) → the URL to load them from (our API).
   * Pass absolute URLs that authorize themselves (signed): the frame has an opaque origin, so its requests
   * carry no session cookie, and only an absolute URL's origin can be named in the frame's CSP.
   */
  inlineImages: Record<string, string>;
  allowRemoteContent: boolean;
  /** Root-relative URL that downloads the original body; linked from the too-complex fallback. */
  originalUrl?: string;
  /** Fold quoted history and signatures behind "…" (render-quotes.ts): the reading pane, not a compose quote. */
  foldQuotes?: boolean;
  /**
   * 'mail' (default): the page mail was designed for, light in a dark app too. 'quote': a compose pane's
   * quote, which follows the app's light or dark scheme and font (sanitize-document.ts).
   */
  frame?: 'mail' | 'quote';
}

export interface RenderedBody {
  document: string;
  hasRemoteContent: boolean;
  /** The body was over the sanitizer's limits or budget: the document is the plain-text fallback. */
  tooComplex: boolean;
  /**
   * Why the fallback: 'limit' (size, nesting, attributes: the same body always gets it) or 'time' and
   * 'failed' (the budget ran out or the worker died, which on a quieter machine might not happen again).
   */
  fallback?: 'limit' | 'time' | 'failed';
}

/** Plain text for the fallback, read on the event loop: only a bounded prefix of the body is looked at. */
function textOnMainThread(body: RenderInput['body']): string {
  if (body.contentType === 'text') {
    const text = body.content.slice(0, MAX_FALLBACK_TEXT);
    return text.length < body.content.length ? `${text}\n\n[…]` : text;
  }
  return htmlToText(body.content, MAX_FALLBACK_INPUT_MAIN_THREAD);
}

function tooComplex(
  input: RenderInput,
  text: string,
  fallback: NonNullable<RenderedBody['fallback']>,
): RenderedBody {
  return {
    document: tooComplexDocument(text, input.originalUrl),
    hasRemoteContent: false,
    tooComplex: true,
    fallback,
  };
}

export async function renderMessageBody(
  input: RenderInput,
  { budgetMs = sanitizeBudgetMs() }: { budgetMs?: number } = {},
): Promise<RenderedBody> {
  // Not even worth copying to a worker.
  if (input.body.content.length > PRESCAN_LIMITS.maxChars) {
    logger.warn('mail body too complex to render', { reason: 'size', chars: input.body.content.length });
    return tooComplex(input, textOnMainThread(input.body), 'limit');
  }
  const outcome = await renderOffThread(input, budgetMs);
  switch (outcome.kind) {
    case 'rendered':
      return { document: outcome.document, hasRemoteContent: outcome.hasRemoteContent, tooComplex: false };
    case 'too-complex':
      logger.warn('mail body too complex to render', { reason: outcome.reason });
      return tooComplex(input, outcome.text, 'limit');
    case 'over-budget':
      logger.warn('mail body too complex to render', { reason: 'time' });
      return tooComplex(input, textOnMainThread(input.body), 'time');
    case 'failed':
      // Nothing of the mail's markup is shown rather than something unsanitized.
      logger.error('mail body could not be sanitized', {
        reason: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
      });
      return tooComplex(input, textOnMainThread(input.body), 'failed');
  }
}
