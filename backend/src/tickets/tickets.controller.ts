import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { PostedMessageView, TicketCountsView, TicketDetailView, TicketEventView, TicketView } from './ticket.view';
import { AddMessageDto, CreateTicketDto, EventsQuery, ListTicketsQuery, UpdateTicketDto } from './tickets.dto';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @ApiCreatedResponse({ type: TicketDetailView })
  create(@Body() dto: CreateTicketDto, @CurrentUser() me: Principal) {
    return this.tickets.create(dto, { userId: me.id });
  }

  @Get()
  @ApiPageResponse(TicketView)
  list(@Query() q: ListTicketsQuery, @CurrentUser() me: Principal) {
    return this.tickets.list(q, me.id);
  }

  /** Counts for the inbox views: my open, unassigned, all open, pending, solved, and per status. */
  @Get('counts')
  @ApiOkResponse({ type: TicketCountsView })
  counts(@CurrentUser() me: Principal) {
    return this.tickets.counts(me.id);
  }

  @Get(':id')
  @ApiOkResponse({ type: TicketDetailView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.tickets.get(id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: TicketDetailView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTicketDto, @CurrentUser() me: Principal) {
    return this.tickets.update(id, dto, { userId: me.id });
  }

  @Post(':id/messages')
  @ApiCreatedResponse({ type: PostedMessageView })
  addMessage(@Param('id', ParseIntPipe) id: number, @Body() dto: AddMessageDto, @CurrentUser() me: Principal) {
    return this.tickets.addMessage(id, dto, { userId: me.id });
  }

  @Get(':id/events')
  @ApiPageResponse(TicketEventView)
  events(@Param('id', ParseIntPipe) id: number, @Query() q: EventsQuery) {
    return this.tickets.events(id, q);
  }
}
