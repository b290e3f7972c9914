'use client';

import { useBodyFrameHeight } from './body-height';

/*
 * A message's body: the sanitized document in an iframe whose `sandbox` allows only popups (links open in a
 * new, un-sandboxed tab) and downloads (Chromium refuses a download started from a sandboxed frame
 * otherwise): no scripts, no same origin. The frame gets about the pane's height (its class) and scrolls
 * inside itself, or a short plain mail's own height (body-height.ts).
 */
export function MessageBodyFrame({
  document,
  sender,
  className,
}: {
  document: string;
  sender: string;
  className: string | undefined;
}) {
  const { frame, height } = useBodyFrameHeight(document);
  return (
    <iframe
      ref={frame}
      className={className}
      style={height ? { height } : undefined}
      sandbox="allow-popups allow-popups-to-escape-sandbox allow-downloads"
      srcDoc={document}
      title={`Message body from ${sender}`}
      referrerPolicy="no-referrer"
    />
  );
}
