import { Module } from '@nestjs/common';
import { BlobStore } from './blob-store';

/** The file store (PostgreSQL or an S3-compatible bucket), for the repositories that keep files. */
@Module({ providers: [BlobStore], exports: [BlobStore] })
export class BlobStoreModule {}
