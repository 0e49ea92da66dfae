import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { TicketScope } from '../common/ticket-scope';
import { remoteImageUrls } from '../mail/remote-images';
import { FetchedImage, RemoteImageFetcher } from './remote-image-fetcher';
import { RemoteImagesRepository } from './remote-images.repository';

/**
 * "Load images" of one message: the n-th remote image of a message the caller reaches.
 * The URL comes from the stored, sanitised HTML of that message, never from the client,
 * so the proxy fetches only what a mail on a ticket in the caller's scope names (no
 * open proxy). Out of scope is not found, as everywhere (404).
 */
@Injectable()
export class RemoteImagesService {
  constructor(
    private readonly messages: RemoteImagesRepository,
    private readonly fetcher: RemoteImageFetcher,
  ) {}

  /** @throws DomainError not_found, RemoteImageRefused */
  async image(ticketId: number, messageId: number, n: number, scope: TicketScope): Promise<FetchedImage> {
    const m = await this.messages.messageHtml(ticketId, messageId, scope);
    if (!m) throw new DomainError('not_found', `Ticket ${ticketId} not found`);
    if (!m.found) throw new DomainError('not_found', `Ticket ${ticketId} has no message ${messageId}`);
    const url = remoteImageUrls(m.bodyHtml)[n];
    if (url === undefined) throw new DomainError('not_found', `Message ${messageId} has no remote image ${n}`);
    return this.fetcher.fetch(url);
  }
}
