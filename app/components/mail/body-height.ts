'use client';

import { useLayoutEffect, useRef, useState } from 'react';

/*
 * The height a short, plain mail needs in its frame. The body frame is sandboxed without allow-same-origin,
 * so no script of ours can measure the mail's document; without this every mail gets about the pane's
 * height, and a one-line mail leaves a blank page above its attachments.
 *
 * So for a mail that is only text (paragraphs, line breaks, lists, links, emphasis: no image, table, quote
 * fold, preformatted block or heading, under MAX_TEXT characters), we lay its text out ourselves: the
 * document (already sanitized on the server) is parsed with DOMParser, which runs and loads nothing; only
 * its text is read, turned into lines where its blocks break, and measured in a hidden element of this page
 * set as text (never markup), in the frame's font and width. Anything else keeps the pane's height and
 * scrolls inside its frame, as every mail did before; so does a long mail. A mail whose own styles make its
 * text bigger than measured scrolls a little inside its frame: its text is never cut off.
 */

const NOT_PLAIN =
  'img, picture, svg, video, audio, iframe, object, embed, canvas, table, pre, blockquote, details, hr, ' +
  'h1, h2, h3, h4, h5, h6, form, input, button, select, textarea, math';
const BLOCKS = new Set([
  'P',
  'DIV',
  'UL',
  'OL',
  'LI',
  'DL',
  'DT',
  'DD',
  'SECTION',
  'ARTICLE',
  'ADDRESS',
  'CENTER',
]);
const MAX_TEXT = 3000;
/** The frame document's body: 16 px padding above and below (lib/mail/sanitize-document.ts), and a margin. */
const FRAME_PADDING = 32;
const SLACK = 8;

const BODY_FONT_PX = 14;
const BODY_LINE_PX = 21;

/**
 * How much bigger than the frame's 14 px / 21 px the mail's own styles make its text (the largest
 * font-size or line-height it sets, in px or pt), or null when its styles set a box's height.
 */
function styleScale(css: string): number | null {
  if (/(^|[;{\s])(min-|max-)?height\s*:/i.test(css)) return null;
  let scale = 1;
  for (const [, property, value, unit] of css.matchAll(
    /(font-size|line-height)\s*:\s*([\d.]+)\s*(px|pt|em|rem)?/gi,
  )) {
    const number = Number(value);
    if (!Number.isFinite(number)) continue;
    const px =
      unit === 'pt' ? (number * 4) / 3 : unit === 'em' || unit === 'rem' ? number * BODY_FONT_PX : number;
    const base = property?.toLowerCase() === 'font-size' ? BODY_FONT_PX : unit ? BODY_LINE_PX : 1.5;
    scale = Math.max(scale, px / base);
  }
  return scale;
}

/**
 * The mail's text with a line break wherever its blocks break, and how much its own styles enlarge it; or
 * null when it is not plain text.
 */
export function plainTextLayout(bodyDocument: string): { text: string; scale: number } | null {
  const document = new DOMParser().parseFromString(bodyDocument, 'text/html');
  const body = document.body;
  if (!body || body.querySelector(NOT_PLAIN) || (body.textContent ?? '').length > MAX_TEXT) return null;
  // The mail's own style sheet follows ours in the head (lib/mail/sanitize-document.ts).
  const sheets = [...document.querySelectorAll('head style')]
    .slice(1)
    .map((style) => style.textContent ?? '');
  const inline = [...body.querySelectorAll('[style]')].map((element) => element.getAttribute('style') ?? '');
  const scale = styleScale([...sheets, ...inline, body.getAttribute('style') ?? ''].join(';'));
  if (scale === null) return null;
  let text = '';
  const breakLine = () => {
    if (text && !text.endsWith('\n')) text += '\n';
  };
  const walk = (node: Node, preserve: boolean) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        const data = (child as Text).data;
        text += preserve ? data : data.replace(/\s+/g, ' ');
      } else if (child instanceof Element) {
        if (child.tagName === 'BR') {
          text += '\n';
          continue;
        }
        const block = BLOCKS.has(child.tagName);
        if (block) breakLine();
        walk(child, preserve || child.classList.contains('tidings-text'));
        if (block) breakLine();
        // A paragraph's margins are about a line's height.
        if (child.tagName === 'P') text += '\n';
      }
    }
  };
  walk(body, false);
  return { text: text.replace(/^[ \n]+|[ \n]+$/g, ''), scale };
}

/** The pixel height `text` takes at `width`, laid out like the frame's body text. */
function measure(text: string, width: number): number {
  const probe = document.createElement('div');
  probe.setAttribute('aria-hidden', 'true');
  Object.assign(probe.style, {
    position: 'absolute',
    visibility: 'hidden',
    left: '-10000px',
    top: '0',
    width: `${width}px`,
    font: '14px/1.5 "Segoe UI",-apple-system,Roboto,Helvetica,Arial,sans-serif',
    whiteSpace: 'pre-wrap',
    overflowWrap: 'break-word',
  });
  probe.textContent = text || ' ';
  document.body.append(probe);
  const height = probe.getBoundingClientRect().height;
  probe.remove();
  return height;
}

/**
 * The ref for the body frame and the height to give it (a CSS length, never above the frame's own maximum),
 * or undefined to leave it at the pane's height.
 */
export function useBodyFrameHeight(bodyDocument: string) {
  const frame = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState<string | undefined>(undefined);
  useLayoutEffect(() => {
    const element = frame.current;
    const layout = plainTextLayout(bodyDocument);
    if (!element || layout === null) {
      setHeight(undefined);
      return;
    }
    const fitToText = () => {
      const width = element.clientWidth - FRAME_PADDING;
      if (width <= 0) return;
      // Bigger text also wraps sooner: measure at the width it has at 14 px, then scale the height.
      const lines = measure(layout.text, width / layout.scale) * layout.scale;
      const px = Math.ceil(lines * 1.1) + FRAME_PADDING + SLACK;
      setHeight(`min(${px}px, var(--body-frame-height))`);
    };
    fitToText();
    const observer = new ResizeObserver(fitToText);
    observer.observe(element);
    return () => observer.disconnect();
  }, [bodyDocument]);
  return { frame, height };
}
