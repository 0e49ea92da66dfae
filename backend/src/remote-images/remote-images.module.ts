import { Module } from '@nestjs/common';
import { RemoteImageFetcher } from './remote-image-fetcher';
import { RemoteImagesController } from './remote-images.controller';
import { RemoteImagesRepository } from './remote-images.repository';
import { RemoteImagesService } from './remote-images.service';

/** Role api: remote images of mail, fetched for agents (the "load images" of a message). */
@Module({
  controllers: [RemoteImagesController],
  providers: [RemoteImagesRepository, RemoteImagesService, RemoteImageFetcher],
})
export class RemoteImagesApiModule {}
