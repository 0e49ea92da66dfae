import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { CreateGroupDto, UpdateGroupDto } from './groups.dto';
import { GroupsService, GroupView } from './groups.service';

@ApiTags('groups')
@Controller('api/v1/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @ApiPageResponse(GroupView, 'Every group, by name; always one page (nextCursor is null)')
  list() {
    return this.groups.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: GroupView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.groups.get(id);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: GroupView })
  create(@Body() dto: CreateGroupDto) {
    return this.groups.create(dto);
  }

  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: GroupView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateGroupDto) {
    return this.groups.update(id, dto);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseIntPipe) id: number) {
    return this.groups.remove(id);
  }
}
