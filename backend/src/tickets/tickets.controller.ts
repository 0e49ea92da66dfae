import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Put,
  Query,
  UseInterceptors,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FieldFiltersInterceptor } from './field-filters.interceptor';
import { AdminOnly, CurrentUser, Principal } from '../common/auth-context';
import { ApiPageResponse, PageQuery } from '../common/pagination';
import { ALL_TICKETS, scopeOf } from '../common/ticket-scope';
import {
  DeletedTicketView,
  PostedMessageView,
  TicketCountsView,
  TicketDetailView,
  TicketEventView,
  TicketView,
} from './ticket.view';
import {
  AddMessageDto,
  CreateTicketDto,
  ForwardDto,
  EventsQuery,
  ListTicketsQuery,
  UpdateTicketDto,
} from './tickets.dto';
import { TicketQueries } from './ticket-queries.service';
import { TicketsService } from './tickets.service';

/**
 * Every read and change takes the caller's ticket scope (`scopeOf`): a ticket out of it
 * answers 404, like a missing one. The answer to a change shows its result even when the
 * change took the ticket out of the caller's scope (they reached it to make the change).
 */
@ApiTags('tickets')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly queries: TicketQueries,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: TicketDetailView })
  async create(@Body() dto: CreateTicketDto, @CurrentUser() me: Principal) {
    // Anyone may write a ticket in (a phone call for another team); they see what they created.
    return this.queries.get(await this.tickets.create(dto, { kind: 'agent', userId: me.id }), me.id, ALL_TICKETS);
  }

  @Get()
  @UseInterceptors(FieldFiltersInterceptor)
  @ApiPageResponse(TicketView)
  @ApiQuery({
    name: 'field.<key>',
    type: String,
    required: false,
    description:
      'A custom field filter, one parameter per field: options comma-separated (any of them), the exact value of a ' +
      'text field, `min..max` for a number or date (either side may be left out), `true`/`false` for a checkbox',
  })
  list(@Query() q: ListTicketsQuery, @CurrentUser() me: Principal) {
    return this.queries.list(q, me.id, scopeOf(me));
  }

  /** Counts for the inbox views: my open, unassigned, all open, pending, solved, and per status. */
  @Get('counts')
  @ApiOkResponse({ type: TicketCountsView })
  counts(@CurrentUser() me: Principal) {
    return this.queries.counts(me.id, scopeOf(me));
  }

  /** The trash (admins): deleted tickets, newest first, each restorable until its `purgeAt`. */
  @Get('deleted')
  @AdminOnly()
  @ApiPageResponse(DeletedTicketView)
  deleted(@Query() q: PageQuery, @CurrentUser() me: Principal) {
    return this.queries.deleted(q, me.id);
  }

  @Get(':id')
  @ApiOkResponse({ type: TicketDetailView })
  get(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    return this.queries.get(id, me.id, scopeOf(me));
  }

  @Patch(':id')
  @ApiOkResponse({ type: TicketDetailView })
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTicketDto, @CurrentUser() me: Principal) {
    await this.tickets.update(id, dto, { kind: 'agent', userId: me.id }, scopeOf(me));
    return this.queries.get(id, me.id, ALL_TICKETS);
  }

  /**
   * Deletes the ticket (to the trash): 404 to everyone from then on, gone from lists, counts
   * and search; admins restore it within 30 days, then it is purged.
   */
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  async remove(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal): Promise<void> {
    await this.tickets.delete(id, { kind: 'agent', userId: me.id }, scopeOf(me));
  }

  /** Restores a deleted ticket (admins, within 30 days of its deletion; 409 after). */
  @Post(':id/restore')
  @HttpCode(200)
  @AdminOnly()
  @ApiOkResponse({ type: TicketDetailView })
  async restore(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    await this.tickets.restore(id, { kind: 'agent', userId: me.id });
    return this.queries.get(id, me.id, ALL_TICKETS);
  }

  /** Marks the ticket as spam: closed without any reply or notification, its unsent automatic mail cancelled. */
  @Post(':id/spam')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDetailView })
  async markSpam(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    await this.tickets.markSpam(id, { kind: 'agent', userId: me.id }, scopeOf(me));
    return this.queries.get(id, me.id, ALL_TICKETS);
  }

  /** Not spam after all: the ticket opens again, without the `spam` tag. */
  @Delete(':id/spam')
  @ApiOkResponse({ type: TicketDetailView })
  async unmarkSpam(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal) {
    await this.tickets.unmarkSpam(id, { kind: 'agent', userId: me.id }, scopeOf(me));
    return this.queries.get(id, me.id, ALL_TICKETS);
  }

  @Post(':id/messages')
  @ApiCreatedResponse({ type: PostedMessageView })
  async addMessage(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AddMessageDto,
    @CurrentUser() me: Principal,
  ): Promise<PostedMessageView> {
    const messageId = await this.tickets.addAgentMessage(id, dto, { kind: 'agent', userId: me.id }, scopeOf(me));
    const { messages, ...ticket } = await this.queries.get(id, me.id, ALL_TICKETS);
    return { ...messages.find((m) => m.id === messageId)!, ticket };
  }

  /**
   * Forwards messages of the ticket to a third party (a vendor): an internal message with
   * `forwardedTo`, mailed with the chosen messages quoted and their files attached; their
   * answer threads back into the ticket. 400 for an address of ours or a message of another ticket.
   */
  @Post(':id/forward')
  @ApiCreatedResponse({ type: PostedMessageView })
  async forward(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: ForwardDto,
    @CurrentUser() me: Principal,
  ): Promise<PostedMessageView> {
    const messageId = await this.tickets.forward(id, dto, { kind: 'agent', userId: me.id }, scopeOf(me));
    const { messages, ...ticket } = await this.queries.get(id, me.id, ALL_TICKETS);
    return { ...messages.find((m) => m.id === messageId)!, ticket };
  }

  /** The agent has seen the ticket as it is now: it leaves their unread tickets until someone else changes it. */
  @Put(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  async markRead(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal): Promise<void> {
    await this.tickets.markRead(id, me.id, scopeOf(me));
  }

  /** Marks the ticket unread for the agent again. */
  @Delete(':id/read')
  @HttpCode(204)
  @ApiNoContentResponse()
  async markUnread(@Param('id', ParseIntPipe) id: number, @CurrentUser() me: Principal): Promise<void> {
    await this.tickets.markUnread(id, me.id, scopeOf(me));
  }

  @Get(':id/events')
  @ApiPageResponse(TicketEventView)
  events(@Param('id', ParseIntPipe) id: number, @Query() q: EventsQuery, @CurrentUser() me: Principal) {
    return this.queries.events(id, q, scopeOf(me));
  }
}
