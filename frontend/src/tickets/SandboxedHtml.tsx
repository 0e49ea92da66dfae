import { useCallback, useRef, useState } from 'react';

// No scripts, no forms, no plugins; links open in a new tab outside the sandbox. Images
// only from this server (attachments) or data: URLs, so mail cannot track who read it.
const CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src data:";
const frameDoc = (html: string, dark: boolean) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><base target="_blank">` +
  `<style>html{color-scheme:${dark ? 'dark' : 'light'}}body{margin:0;font:14px/1.5 system-ui,sans-serif;overflow-wrap:anywhere;color:${dark ? '#c9c9c9' : '#1a1b1e'}}img{max-width:100%;height:auto}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #8884}</style>` +
  `</head><body>${html}</body></html>`;

/**
 * Mail HTML (already sanitised by the server) shown in a sandboxed frame without
 * allow-scripts: even if something slipped through the sanitiser, it cannot run. The
 * frame grows to its content (allow-same-origin only so the height can be read).
 */
export function SandboxedHtml({ html, title, dark }: { html: string; title: string; dark: boolean }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(60);
  const fit = useCallback(() => {
    const doc = ref.current?.contentDocument;
    if (doc?.documentElement) setHeight(Math.min(4000, doc.documentElement.scrollHeight + 4));
  }, []);
  return (
    <iframe
      ref={ref}
      title={title}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      srcDoc={frameDoc(html, dark)}
      onLoad={fit}
      style={{ width: '100%', height, border: 0, display: 'block' }}
    />
  );
}
