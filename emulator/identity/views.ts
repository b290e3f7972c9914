/*
 * The few pages the issuer shows a person. Self-contained HTML (no external fonts, scripts or images) so
 * the emulator works offline; styled loosely after the Microsoft sign-in card.
 */

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f2f2f2;
  font-family:"Segoe UI","Segoe UI Web",-apple-system,BlinkMacSystemFont,Roboto,"Helvetica Neue",Arial,sans-serif;color:#1b1b1b}
main{background:#fff;width:100%;max-width:440px;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{font-size:15px;font-weight:600;color:#737373;margin:0 0 16px}
h1{font-size:24px;font-weight:600;margin:0 0 12px}
p{font-size:15px;line-height:1.4}
label{display:block;font-size:15px;margin:16px 0 4px}
input[type=text],input[type=password]{width:100%;font-size:15px;padding:6px 0;border:0;border-bottom:1px solid #666;outline:none}
input:focus{border-bottom:2px solid #0067b8}
input[aria-invalid=true]{border-bottom-color:#e81123}
.error{color:#e81123;font-size:15px;margin:12px 0 0}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:28px}
button{min-width:108px;font-size:15px;padding:6px 12px;border:1px solid #0067b8;background:#0067b8;color:#fff;cursor:pointer}
button:hover{background:#005da6}
button:focus-visible{outline:2px solid #000;outline-offset:2px}
button.secondary{background:#ccc;border-color:#ccc;color:#1b1b1b}
.hint{font-size:13px;color:#5e5e5e;margin-top:24px}
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="brand">Microsoft 365 emulator</p>
${body}
</main>
</body>
</html>`;
}

export function signInPage(options: { action: string; login?: string; error?: string }): string {
  const invalid = options.error ? ' aria-invalid="true" aria-describedby="sign-in-error"' : '';
  const error = options.error
    ? `<p class="error" id="sign-in-error" role="alert">${escapeHtml(options.error)}</p>`
    : '';
  return page(
    'Sign in to your account',
    `<h1>Sign in</h1>
<form method="post" action="${escapeHtml(options.action)}" novalidate>
<label for="login">Email or username</label>
<input id="login" name="login" type="text" autocomplete="username" autocapitalize="none" spellcheck="false"
  required value="${escapeHtml(options.login ?? '')}"${invalid}${options.login ? '' : ' autofocus'}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}${
      options.login ? ' autofocus' : ''
    }>
${error}
<div class="actions"><button type="submit">Sign in</button></div>
</form>
<p class="hint">The seeded users and their passwords are listed in emulator/README.md.</p>`,
  );
}

export function errorPage(title: string, details: Record<string, unknown>): string {
  const rows = Object.entries(details)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(value)}</p>`)
    .join('\n');
  return page(title, `<h1>${escapeHtml(title)}</h1>\n${rows}`);
}

/** oidc-provider passes the hidden logout form (its own markup, with the xsrf token) to embed. */
export function signOutPage(form: string): string {
  return page(
    'Sign out',
    `<h1>Sign out?</h1>
<p>You will be signed out of the emulator’s account on this browser.</p>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" value="yes" name="logout" autofocus>Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>
</div>`,
  );
}

export function signedOutPage(): string {
  return page(
    'Signed out',
    '<h1>You signed out of your account</h1>\n<p>It’s a good idea to close all browser windows.</p>',
  );
}
