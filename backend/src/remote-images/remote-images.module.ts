import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { RemoteImageFetcher } from './remote-image-fetcher';
import { RemoteImagesController } from './remote-images.controller';
import { RemoteImagesService } from './remote-images.service';

/** Role api: remote images of mail, fetched for agents (the "load images" of a message). */
@Module({
  imports: [TicketsModule],
  controllers: [RemoteImagesController],
  providers: [RemoteImagesService, RemoteImageFetcher],
})
export class RemoteImagesApiModule {}
