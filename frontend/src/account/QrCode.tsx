import { Skeleton } from '@mantine/core';
import { useEffect, useState } from 'react';

/** A QR code of `text` as an SVG image (data: URL, allowed by the CSP's img-src; no canvas, no script). */
export function QrCode({ text, alt, size = 200 }: { text: string; alt: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Loaded when a code is shown, not with the app.
    void import('qrcode')
      .then(({ default: QRCode }) => QRCode.toString(text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }))
      .then((svg) => {
        if (live) setSrc(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      });
    return () => {
      live = false;
    };
  }, [text]);
  if (!src) return <Skeleton w={size} h={size} />;
  return <img src={src} alt={alt} width={size} height={size} data-testid="totp-qr" />;
}
