import { Body, Controller, Get, HttpCode, Inject, Param, ParseIntPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AdminOnly } from '../common/auth-context';
import { ApiPageResponse, PageQuery } from '../common/pagination';
import { publicOrigin } from '../common/public-origin';
import { Config } from '../config/config';
import { CONFIG } from '../config/config.module';
import { UserView } from './user.view';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Agents see the team (to assign tickets); only admins change it. */
  @Get()
  @ApiPageResponse(UserView)
  list(@Query() q: PageQuery) {
    return this.users.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: UserView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.users.get(id);
  }

  /** Without a password the new user is invited: a set-password link goes to their address. */
  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: UserView })
  create(@Body() dto: CreateUserDto, @Req() req: FastifyRequest) {
    return this.users.create(dto, publicOrigin(this.config, req));
  }

  /** Mails the user a new set-password link (7 days; any older link stops working). 409 for a deactivated user or an agent under enforced single sign-on. */
  @AdminOnly()
  @Post(':id/invite')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: UserView, description: 'The invitation is queued' })
  invite(@Param('id', ParseIntPipe) id: number, @Req() req: FastifyRequest) {
    return this.users.invite(id, publicOrigin(this.config, req));
  }

  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: UserView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(id, dto);
  }
}
