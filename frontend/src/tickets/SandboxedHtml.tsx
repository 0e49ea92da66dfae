import { Button } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { en } from '../i18n/en';

// No scripts, no forms, no plugins; links open in a new tab outside the sandbox. Images
// only from this server (attachments) or data: URLs, so mail cannot track who read it.
const CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src data:";
const frameDoc = (html: string, dark: boolean) =>
  `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><base target="_blank">` +
  `<style>html{color-scheme:${dark ? 'dark' : 'light'}}body{margin:0;font:14px/1.5 system-ui,sans-serif;overflow-wrap:anywhere;color:${dark ? '#c9c9c9' : '#1a1b1e'}}img{max-width:100%;height:auto}blockquote{margin:0 0 0 .5em;padding-left:.75em;border-left:3px solid #8884}</style>` +
  `</head><body>${html}</body></html>`;

/** Below this, a wide mail is not zoomed out further: the rest scrolls sideways inside its frame. */
export const MIN_SCALE = 0.5;
/** A frame taller than this scrolls inside itself. */
const MAX_HEIGHT = 4000;
/** Room for the frame's own horizontal scrollbar when the mail is wider than the frame. */
const SCROLLBAR = 20;

/** The zoom that fits `natural` px of content into `available` px: 1 when it fits, never below MIN_SCALE. */
export const fitScale = (natural: number, available: number) =>
  natural <= available || available <= 0 ? 1 : Math.max(MIN_SCALE, available / natural);

/**
 * Mail HTML (already sanitised by the server) shown in a sandboxed frame without
 * allow-scripts: even if something slipped through the sanitiser, it cannot run. The
 * frame grows to its content (allow-same-origin only so the height can be read). Mail laid
 * out for a wider screen (a 600 px newsletter on a phone) is zoomed out to the frame's width
 * (down to MIN_SCALE), with "actual size" to read it at 100 % scrolling sideways: never clipped.
 */
export function SandboxedHtml({ html, title, dark }: { html: string; title: string; dark: boolean }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = useState(60);
  const [scale, setScale] = useState(1);
  const [actualSize, setActualSize] = useState(false);
  const fittedWidth = useRef(0);
  const fitToWidth = useRef(true);
  fitToWidth.current = !actualSize;

  const fit = useCallback(() => {
    const frame = ref.current;
    const doc = frame?.contentDocument;
    if (!frame || !doc?.documentElement || !doc.body) return;
    const root = doc.documentElement;
    fittedWidth.current = frame.clientWidth;
    doc.body.style.zoom = '';
    const s = fitScale(root.scrollWidth, frame.clientWidth);
    if (fitToWidth.current && s < 1) doc.body.style.zoom = String(s);
    setScale(s);
    frame.dataset.scale = (fitToWidth.current ? s : 1).toFixed(2);
    // The root's own box, not its scrollHeight: that is never less than the frame's current height.
    const sideways = root.scrollWidth > root.clientWidth ? SCROLLBAR : 0;
    setHeight(Math.min(MAX_HEIGHT, Math.ceil(root.getBoundingClientRect().height) + 4 + sideways));
  }, []);

  // Fit again when the frame's width changes (window resized, phone turned), not when its height does.
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const observer = new ResizeObserver(() => {
      if (frame.clientWidth !== fittedWidth.current) fit();
    });
    observer.observe(frame);
    return () => observer.disconnect();
  }, [fit]);
  useEffect(fit, [actualSize, fit]);

  return (
    <>
      <iframe
        ref={ref}
        title={title}
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        srcDoc={frameDoc(html, dark)}
        onLoad={fit}
        style={{ width: '100%', height, border: 0, display: 'block' }}
      />
      {scale < 1 && (
        <Button variant="subtle" size="compact-xs" mt={4} onClick={() => setActualSize((a) => !a)}>
          {actualSize ? en.ticket.fitToWidth : en.ticket.actualSize(Math.round(scale * 100))}
        </Button>
      )}
    </>
  );
}
