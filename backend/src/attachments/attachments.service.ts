import { Injectable, NotFoundException } from '@nestjs/common';
import { AttachmentDownload, AttachmentsRepository, UploadRow } from './attachments.repository';

/** Uploads for replies not yet sent, and downloads of any stored file. */
@Injectable()
export class AttachmentsService {
  constructor(private readonly attachments: AttachmentsRepository) {}

  /** Stores an upload of `userId`, linked to nothing until a reply names it in `attachmentIds`. @throws BlobStoreUnavailableError (503) */
  upload(userId: number, filename: string, contentType: string, data: Buffer): Promise<UploadRow> {
    return this.attachments.insertUpload({ filename, contentType, data, userId });
  }

  /** The file; 404 when there is none, 503 when its store is down. */
  async file(id: number): Promise<AttachmentDownload> {
    const a = await this.attachments.file(id);
    if (!a) throw new NotFoundException(`Attachment ${id} not found`);
    return a;
  }
}
