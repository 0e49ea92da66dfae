import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { idPage, idPageBounds, Page, PageQuery } from '../common/pagination';
import { CreateWebhookDto, UpdateWebhookDto } from './webhooks.dto';
import { toDeliveryView, toWebhookView, WebhookDeliveryView, WebhookView } from './webhook.view';
import { WebhookOutbox } from './webhook-outbox.service';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksSubscriber } from './webhooks.subscriber';

/** Admins' webhooks: the list, the write-only secret, the delivery log, retries and a ping. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly outbox: WebhookOutbox,
    private readonly subscriber: WebhooksSubscriber,
  ) {}

  async list(): Promise<WebhookView[]> {
    return (await this.webhooks.list()).map(toWebhookView);
  }

  async get(id: number): Promise<WebhookView> {
    return toWebhookView(await this.row(id));
  }

  async create(dto: CreateWebhookDto): Promise<WebhookView> {
    const row = await this.webhooks.insert({ ...dto, events: dto.events ?? [] });
    this.subscriber.subscribed.clear();
    return toWebhookView(row);
  }

  async update(id: number, dto: UpdateWebhookDto): Promise<WebhookView> {
    const row = await this.webhooks.update(id, dto);
    if (!row) throw new NotFoundException(`Webhook ${id} not found`);
    this.subscriber.subscribed.clear();
    return toWebhookView(row);
  }

  async remove(id: number): Promise<void> {
    if (!(await this.webhooks.delete(id))) throw new NotFoundException(`Webhook ${id} not found`);
    this.subscriber.subscribed.clear();
  }

  /** The delivery log, newest first. */
  async deliveries(id: number, q: PageQuery): Promise<Page<WebhookDeliveryView>> {
    await this.row(id);
    const { limit, afterId } = idPageBounds(q);
    const page = idPage(
      await this.webhooks.deliveries(id, q.cursor ? afterId : Number.MAX_SAFE_INTEGER, limit + 1),
      limit,
    );
    return { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor };
  }

  /** Sends a `ping` delivery, to check the receiver and its signature check. */
  async ping(id: number): Promise<WebhookDeliveryView> {
    const w = await this.row(id);
    const [deliveryRow] = await this.outbox.write(undefined, [
      {
        webhookId: w.id,
        event: 'ping',
        ticketId: null,
        ruleId: null,
        payload: { webhook: { id: w.id, name: w.name } },
      },
    ]);
    await this.outbox.dispatch([deliveryRow]);
    return toDeliveryView((await this.webhooks.delivery(deliveryRow))!);
  }

  /** Queues a failed delivery again. */
  async retry(id: number, deliveryId: number): Promise<WebhookDeliveryView> {
    const d = await this.webhooks.delivery(deliveryId);
    if (!d || d.webhook_id !== id) throw new NotFoundException(`Delivery ${deliveryId} of webhook ${id} not found`);
    if (!(await this.webhooks.retry(deliveryId)))
      throw new ConflictException(`Delivery ${deliveryId} is ${d.status}; only failed deliveries can be retried`);
    await this.outbox.requeue(deliveryId);
    return toDeliveryView((await this.webhooks.delivery(deliveryId))!);
  }

  private async row(id: number) {
    const row = await this.webhooks.find(id);
    if (!row) throw new NotFoundException(`Webhook ${id} not found`);
    return row;
  }
}
