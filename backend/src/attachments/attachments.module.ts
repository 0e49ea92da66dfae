import { Module } from '@nestjs/common';
import { BlobStoreModule } from '../blob-store/blob-store.module';
import { AttachmentsController } from './attachments.controller';
import { AttachmentsRepository } from './attachments.repository';
import { AttachmentsService } from './attachments.service';

/** Files, for every role that stores or sends them. */
@Module({ imports: [BlobStoreModule], providers: [AttachmentsRepository], exports: [AttachmentsRepository] })
export class AttachmentsModule {}

/** Role api: uploads and downloads. */
@Module({ imports: [AttachmentsModule], controllers: [AttachmentsController], providers: [AttachmentsService] })
export class AttachmentsApiModule {}
