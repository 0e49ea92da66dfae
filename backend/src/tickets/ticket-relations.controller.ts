import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Principal } from '../common/auth-context';
import { DomainError } from '../common/domain-error';
import { TicketQueries } from './ticket-queries.service';
import {
  AddFollowerDto,
  AddLinkDto,
  MergeTicketsDto,
  RemoveFollowerQuery,
  SplitMessageDto,
} from './ticket-relations.dto';
import { FollowersView, TicketDetailView, TicketLinkView } from './ticket.view';
import { FollowerRef, TicketsService } from './tickets.service';

/** The ticket's relations to other tickets and people: merge, split, links, followers. All through the ticket writer. */
@ApiTags('tickets')
@Controller('api/v1/tickets/:id')
export class TicketRelationsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly queries: TicketQueries,
  ) {}

  /** Merges other tickets into this one; answers this ticket as merged. */
  @Post('merge')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDetailView })
  async merge(@Param('id', ParseIntPipe) id: number, @Body() dto: MergeTicketsDto, @CurrentUser() me: Principal) {
    await this.tickets.merge(id, dto.sourceIds, { kind: 'agent', userId: me.id });
    return this.queries.get(id);
  }

  /** Moves a message off into a new ticket linked to this one; answers the new ticket. */
  @Post('messages/:messageId/split')
  @ApiCreatedResponse({ type: TicketDetailView })
  async split(
    @Param('id', ParseIntPipe) id: number,
    @Param('messageId', ParseIntPipe) messageId: number,
    @Body() dto: SplitMessageDto,
    @CurrentUser() me: Principal,
  ) {
    const created = await this.tickets.split(id, messageId, dto, { kind: 'agent', userId: me.id });
    return this.queries.get(created.ticketId);
  }

  @Get('links')
  @ApiOkResponse({ type: [TicketLinkView] })
  links(@Param('id', ParseIntPipe) id: number) {
    return this.queries.links(id);
  }

  /** Links this ticket to another; answers this ticket's links. */
  @Post('links')
  @ApiCreatedResponse({ type: [TicketLinkView] })
  async link(@Param('id', ParseIntPipe) id: number, @Body() dto: AddLinkDto, @CurrentUser() me: Principal) {
    await this.tickets.link(id, dto.ticketId, dto.kind, { kind: 'agent', userId: me.id });
    return this.queries.links(id);
  }

  @Delete('links/:otherId')
  @HttpCode(204)
  @ApiNoContentResponse()
  async unlink(
    @Param('id', ParseIntPipe) id: number,
    @Param('otherId', ParseIntPipe) otherId: number,
    @CurrentUser() me: Principal,
  ) {
    await this.tickets.unlink(id, otherId, { kind: 'agent', userId: me.id });
  }

  @Get('followers')
  @ApiOkResponse({ type: FollowersView })
  followers(@Param('id', ParseIntPipe) id: number) {
    return this.queries.followers(id);
  }

  /** Adds a follower (an empty body: you); answers the followers. */
  @Post('followers')
  @ApiCreatedResponse({ type: FollowersView })
  async follow(@Param('id', ParseIntPipe) id: number, @Body() dto: AddFollowerDto, @CurrentUser() me: Principal) {
    await this.tickets.follow(id, followerOf(dto, me), { kind: 'agent', userId: me.id });
    return this.queries.followers(id);
  }

  /** Removes a follower (no query: you); answers the followers. */
  @Delete('followers')
  @ApiOkResponse({ type: FollowersView })
  async unfollow(@Param('id', ParseIntPipe) id: number, @Query() q: RemoveFollowerQuery, @CurrentUser() me: Principal) {
    if (q.userId !== undefined && q.customerId !== undefined)
      throw DomainError.invalid('customerId', 'name one follower: userId or customerId');
    const who = q.customerId !== undefined ? { customerId: q.customerId } : { userId: q.userId ?? me.id };
    await this.tickets.unfollow(id, who, { kind: 'agent', userId: me.id });
    return this.queries.followers(id);
  }
}

function followerOf(dto: AddFollowerDto, me: Principal): FollowerRef {
  const given = [dto.userId, dto.customerId, dto.email].filter((v) => v !== undefined).length;
  if (given > 1) throw DomainError.invalid('userId', 'name one follower: userId, customerId or email');
  if (dto.customerId !== undefined) return { customerId: dto.customerId };
  if (dto.email !== undefined) return { email: dto.email, name: dto.name };
  return { userId: dto.userId ?? me.id };
}
