import { BadRequestException, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Principal } from '../common/auth-context';
import { scopeOf } from '../common/ticket-scope';
import { AcceptsUpload } from '../edge/route-config';
import { attachmentUrl } from '../mail/sanitize-mail-html';
import { AttachmentsService } from './attachments.service';
import { sendAttachment } from './send-attachment';
import { UploadedAttachmentView } from './uploaded-attachment.view';

/** Relays commonly refuse mail over 25 MB; a file leaves room for the rest of the mail and base64. */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
const CONTENT_TYPE = /^[\w.+-]+\/[\w.+-]+$/;
/** Inline images: what browsers show and `sendAttachment` serves inline. */
const INLINE_IMAGE = /^image\/(png|jpeg|gif|webp)$/;

const safeFilename = (name: string) =>
  name
    .replace(/^.*[\\/]/, '')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 255) || 'attachment';

/** The value of a form field sent before the file (the first, when repeated). */
const fieldValue = (f: unknown): string | undefined => {
  const first: unknown = Array.isArray(f) ? f[0] : f;
  return first && typeof first === 'object' && 'value' in first && typeof first.value === 'string'
    ? first.value
    : undefined;
};

@ApiTags('attachments')
@Controller('api/v1/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /**
   * One file for a reply not yet sent; `attachmentIds` of POST /tickets/:id/messages attaches it.
   * With the field `inline` = `true` (before the file), a PNG, JPEG, GIF or WebP image for the
   * reply's `bodyHtml` instead: shown there by its `url`, sent as an inline part (400 for other files).
   */
  @Post()
  @AcceptsUpload()
  @HttpCode(201)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        inline: { type: 'boolean', description: 'An image for bodyHtml; send this field before the file' },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiCreatedResponse({ type: UploadedAttachmentView })
  async upload(@Req() req: FastifyRequest, @CurrentUser() me: Principal): Promise<UploadedAttachmentView> {
    const problem = (message: string) =>
      new BadRequestException({ message: `file: ${message}`, fields: { file: [message] } });
    if (!req.isMultipart()) throw problem('send multipart/form-data with the file in a field named file');
    const part = await req.file({ limits: { fileSize: MAX_UPLOAD_BYTES, files: 1 } });
    if (!part || part.fieldname !== 'file') throw problem('send the file in a field named file');
    const data = await part.toBuffer();
    const contentType = CONTENT_TYPE.test(part.mimetype) ? part.mimetype.toLowerCase() : 'application/octet-stream';
    const inline = fieldValue(part.fields.inline) === 'true';
    if (inline && !INLINE_IMAGE.test(contentType)) throw problem('an inline image is a PNG, JPEG, GIF or WebP file');
    const a = await this.attachments.upload(me.id, safeFilename(part.filename ?? ''), contentType, data, inline);
    return { ...a, url: attachmentUrl(a.id) };
  }

  /** The file: PNG, JPEG, GIF and WebP images inline, anything else as a download (application/octet-stream). */
  @Get(':id')
  @ApiProduces('application/octet-stream', 'image/png', 'image/jpeg', 'image/gif', 'image/webp')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async download(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal, @Res() reply: FastifyReply) {
    sendAttachment(reply, await this.attachments.file(id, scopeOf(me), me.id));
  }
}
