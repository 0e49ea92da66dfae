import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query, UseInterceptors } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { FieldFiltersInterceptor } from './field-filters.interceptor';
import { CurrentUser, Principal } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { PostedMessageView, TicketCountsView, TicketDetailView, TicketEventView, TicketView } from './ticket.view';
import { AddMessageDto, CreateTicketDto, EventsQuery, ListTicketsQuery, UpdateTicketDto } from './tickets.dto';
import { TicketQueries } from './ticket-queries.service';
import { TicketsService } from './tickets.service';

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
    return this.queries.get(await this.tickets.create(dto, { kind: 'agent', userId: me.id }));
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
    return this.queries.list(q, me.id);
  }

  /** Counts for the inbox views: my open, unassigned, all open, pending, solved, and per status. */
  @Get('counts')
  @ApiOkResponse({ type: TicketCountsView })
  counts(@CurrentUser() me: Principal) {
    return this.queries.counts(me.id);
  }

  @Get(':id')
  @ApiOkResponse({ type: TicketDetailView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.queries.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TicketDetailView })
  async update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTicketDto, @CurrentUser() me: Principal) {
    await this.tickets.update(id, dto, { kind: 'agent', userId: me.id });
    return this.queries.get(id);
  }

  @Post(':id/messages')
  @ApiCreatedResponse({ type: PostedMessageView })
  async addMessage(
    @Param('id', ParseIntPipe) id: number,
    @Body() dto: AddMessageDto,
    @CurrentUser() me: Principal,
  ): Promise<PostedMessageView> {
    const messageId = await this.tickets.addAgentMessage(id, dto, { kind: 'agent', userId: me.id });
    const { messages, ...ticket } = await this.queries.get(id);
    return { ...messages.find((m) => m.id === messageId)!, ticket };
  }

  @Get(':id/events')
  @ApiPageResponse(TicketEventView)
  events(@Param('id', ParseIntPipe) id: number, @Query() q: EventsQuery) {
    return this.queries.events(id, q);
  }
}
