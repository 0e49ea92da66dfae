import type { FastifyReply } from 'fastify';

/** Images a browser may show inline; anything else is always a download. */
const INLINE_SAFE = /^image\/(png|jpeg|gif|webp)$/i;

/**
 * Sends a stored file so that nothing in it can run in our origin: safe images inline,
 * everything else as an octet-stream download, never sniffed, sandboxed if opened.
 */
export function sendAttachment(reply: FastifyReply, a: { filename: string; content_type: string; data: Buffer }) {
  const inline = INLINE_SAFE.test(a.content_type);
  void reply
    .header('Content-Type', inline ? a.content_type : 'application/octet-stream')
    .header(
      'Content-Disposition',
      `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
    )
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Security-Policy', "default-src 'none'; sandbox")
    .header('Cache-Control', 'private, max-age=3600')
    .send(a.data);
}
