import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { ApiPageResponse, PageQuery } from '../common/pagination';
import { UserView } from './user.view';
import { CreateUserDto, UpdateUserDto } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

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

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: UserView })
  create(@Body() dto: CreateUserDto) {
    return this.users.create(dto);
  }

  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: UserView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(id, dto);
  }
}
