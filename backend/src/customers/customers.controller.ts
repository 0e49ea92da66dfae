import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiPageResponse } from '../common/pagination';
import { CreateCustomerDto, ListCustomersQuery, UpdateCustomerDto } from './customers.dto';
import { CustomersService, CustomerView } from './customers.service';

@ApiTags('customers')
@Controller('api/v1/customers')
export class CustomersController {
  constructor(private readonly customers: CustomersService) {}

  @Get()
  @ApiPageResponse(CustomerView)
  list(@Query() q: ListCustomersQuery) {
    return this.customers.list(q);
  }

  @Get(':id')
  @ApiOkResponse({ type: CustomerView })
  get(@Param('id', ParseIntPipe) id: number) {
    return this.customers.get(id);
  }

  @Post()
  @ApiCreatedResponse({ type: CustomerView })
  create(@Body() dto: CreateCustomerDto) {
    return this.customers.create(dto);
  }

  @Patch(':id')
  @ApiOkResponse({ type: CustomerView })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateCustomerDto) {
    return this.customers.update(id, dto);
  }
}
