const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The page a browser lands on when single sign-on does not let someone in: what went
 * wrong in a sentence, and the way back. Plain HTML without script (the CSP forbids
 * inline script anyway), so it shows even where the app's assets do not load.
 */
export function refusalPage(title: string, reason: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Helpdesk</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;line-height:1.5;color:#1a1b1e}
h1{font-size:1.4rem}a{color:#364fc7}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p role="alert">${escapeHtml(reason)}</p>
<p><a href="/login">Back to sign-in</a></p></main></body></html>`;
}
