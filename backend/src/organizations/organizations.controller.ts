import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { OrganizationView } from './organization.view';
import { CreateOrganizationDto, ListOrganizationsQuery, UpdateOrganizationDto } from './organizations.dto';
import { OrganizationsService } from './organizations.service';

/**
 * Organizations: agents read, add and edit them (and move people with
 * `PATCH /customers/:id`); only admins delete one, and only while no ticket names it.
 * Members: `GET /customers?organizationId=`; tickets: `GET /tickets?organizationId=`.
 */
@ApiTags('organizations')
@Controller('api/v1/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @ApiPageResponse(OrganizationView, 'By name')
  list(@Query() q: ListOrganizationsQuery) {
    return this.organizations.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganizationView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.organizations.get(id);
  }

  @Post()
  @ApiCreatedResponse({ type: OrganizationView })
  create(@Body() dto: CreateOrganizationDto) {
    return this.organizations.create(dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: OrganizationView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateOrganizationDto) {
    return this.organizations.update(id, dto);
  }

  @AdminOnly()
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  remove(@Param('id', ParseIntPipe) id: number) {
    return this.organizations.remove(id);
  }
}
