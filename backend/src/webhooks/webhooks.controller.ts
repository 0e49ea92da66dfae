import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { ApiPageResponse, PageQuery } from '../common/pagination';
import { CreateWebhookDto, UpdateWebhookDto } from './webhooks.dto';
import { WebhookDeliveryView, WebhookView } from './webhook.view';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@AdminOnly()
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOkResponse({ type: [WebhookView] })
  list() {
    return this.webhooks.list();
  }

  @Post()
  @ApiCreatedResponse({ type: WebhookView })
  create(@Body() dto: CreateWebhookDto) {
    return this.webhooks.create(dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: WebhookView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateWebhookDto) {
    return this.webhooks.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseIntPipe) id: number) {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiPageResponse(WebhookDeliveryView, 'The delivery log, newest first')
  deliveries(@Param('id', ParseIntPipe) id: number, @Query() q: PageQuery) {
    return this.webhooks.deliveries(id, q);
  }

  @Post(':id/ping')
  @ApiCreatedResponse({ type: WebhookDeliveryView, description: 'A `ping` delivery, queued' })
  ping(@Param('id', ParseIntPipe) id: number) {
    return this.webhooks.ping(id);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookDeliveryView })
  retry(@Param('id', ParseIntPipe) id: number, @Param('deliveryId', ParseIntPipe) deliveryId: number) {
    return this.webhooks.retry(id, deliveryId);
  }
}
