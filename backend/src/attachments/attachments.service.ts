import { Injectable, NotFoundException } from '@nestjs/common';
import { TicketScope } from '../common/ticket-scope';
import { AttachmentDownload, AttachmentsRepository, UploadRow } from './attachments.repository';

/** Uploads for replies not yet sent, and downloads of any stored file. */
@Injectable()
export class AttachmentsService {
  constructor(private readonly attachments: AttachmentsRepository) {}

  /**
   * Stores an upload of `userId`, linked to nothing until a reply names it in `attachmentIds`
   * or, `inline`, shows it as an image in its `bodyHtml`. @throws BlobStoreUnavailableError (503)
   */
  upload(userId: number, filename: string, contentType: string, data: Buffer, inline = false): Promise<UploadRow> {
    return this.attachments.insertUpload({ filename, contentType, data, userId, inline });
  }

  /**
   * The file; 404 when there is none, or its ticket is out of `scope` (an unsent upload: someone
   * else's); 503 when its store is down.
   */
  async file(id: number, scope: TicketScope, userId: number): Promise<AttachmentDownload> {
    const a = await this.attachments.file(id, { scope, userId });
    if (!a) throw new NotFoundException(`Attachment ${id} not found`);
    return a;
  }
}
