import { Body, Controller, Get, Injectable, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { ApiPageResponse } from '../common/pagination';
import { CustomFieldView, TicketFormView } from './custom-field.view';
import { CreateFieldDto, CreateTicketFormDto, UpdateFieldDto, UpdateTicketFormDto } from './custom-fields.dto';
import { CustomFieldsService } from './custom-fields.service';
import { FieldEntity } from './field-types';
import { TicketFormsService } from './ticket-forms.service';

/**
 * The routes of one entity's fields: every agent reads them (the side panel, filters),
 * admins add and change them. There is no DELETE: a field is deactivated (`active: false`).
 */
@Injectable() // so its constructor's parameter types are recorded for the subclasses to inherit
abstract class FieldsController {
  protected abstract readonly entity: FieldEntity;

  constructor(private readonly fields: CustomFieldsService) {}

  @Get()
  @ApiPageResponse(CustomFieldView, 'Every field, active or not, in display order; always one page')
  list() {
    return this.fields.list(this.entity);
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomFieldView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.fields.get(this.entity, id);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: CustomFieldView })
  create(@Body() dto: CreateFieldDto) {
    return this.fields.create(this.entity, dto);
  }

  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: CustomFieldView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateFieldDto) {
    return this.fields.update(this.entity, id, dto);
  }
}

@ApiTags('fields')
@Controller('api/v1/ticket-fields')
export class TicketFieldsController extends FieldsController {
  protected readonly entity = 'ticket';
}

@ApiTags('fields')
@Controller('api/v1/customer-fields')
export class CustomerFieldsController extends FieldsController {
  protected readonly entity = 'customer';
}

@ApiTags('fields')
@Controller('api/v1/organization-fields')
export class OrganizationFieldsController extends FieldsController {
  protected readonly entity = 'organization';
}

@ApiTags('fields')
@Controller('api/v1/ticket-forms')
export class TicketFormsController {
  constructor(private readonly forms: TicketFormsService) {}

  @Get()
  @ApiPageResponse(TicketFormView, 'Every form, active or not, in display order; always one page')
  list() {
    return this.forms.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: TicketFormView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.forms.get(id);
  }

  @AdminOnly()
  @Post()
  @ApiCreatedResponse({ type: TicketFormView })
  create(@Body() dto: CreateTicketFormDto) {
    return this.forms.create(dto);
  }

  @AdminOnly()
  @Patch(':id')
  @ApiOkResponse({ type: TicketFormView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateTicketFormDto) {
    return this.forms.update(id, dto);
  }
}
