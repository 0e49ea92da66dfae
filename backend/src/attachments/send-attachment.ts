import type { FastifyReply } from 'fastify';
import type { AttachmentDownload } from './attachments.repository';

/** Images a browser may show inline; anything else is always a download. */
const INLINE_SAFE = /^image\/(png|jpeg|gif|webp)$/i;

/**
 * Sends a stored file so that nothing in it can run in our origin: safe images inline,
 * everything else as an octet-stream download, never sniffed, sandboxed if opened. A file
 * from the bucket is streamed through, never held whole.
 */
export function sendAttachment(reply: FastifyReply, a: AttachmentDownload) {
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
    .header('Content-Length', a.size)
    .send(a.body);
}
