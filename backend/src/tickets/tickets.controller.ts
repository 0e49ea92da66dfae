import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { AddMessageDto, CreateTicketDto, EventsQuery, ListTicketsQuery, UpdateTicketDto } from './tickets.dto';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@Controller('api/v1/tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  create(@Body() dto: CreateTicketDto, @CurrentUser() me: Principal) {
    return this.tickets.create(dto, { userId: me.id });
  }

  @Get()
  list(@Query() q: ListTicketsQuery, @CurrentUser() me: Principal) {
    return this.tickets.list(q, me.id);
  }

  /** Counts for the inbox views: my open, unassigned, all open, pending, solved, and per status. */
  @Get('counts')
  counts(@CurrentUser() me: Principal) {
    return this.tickets.counts(me.id);
  }

  @Get(':id')
  get(@Param('id', ParseIntPipe) id: number) {
    return this.tickets.get(id);
  }

  @Patch(':id')
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTicketDto, @CurrentUser() me: Principal) {
    return this.tickets.update(id, dto, { userId: me.id });
  }

  @Post(':id/messages')
  addMessage(@Param('id', ParseIntPipe) id: number, @Body() dto: AddMessageDto, @CurrentUser() me: Principal) {
    return this.tickets.addMessage(id, dto, { userId: me.id });
  }

  @Get(':id/events')
  events(@Param('id', ParseIntPipe) id: number, @Query() q: EventsQuery) {
    return this.tickets.events(id, q);
  }
}
