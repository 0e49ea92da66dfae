import { Controller, Delete, Get, HttpCode, Param, ParseIntPipe, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/auth-context';
import { CustomerDataService } from './customer-data.service';

/** What an erasure removed or redacted. */
export class CustomerErasureView {
  @ApiProperty({ description: 'Tickets they requested: subjects replaced; kept for statistics' }) tickets!: number;
  @ApiProperty({ description: 'Messages emptied (text, HTML, addresses and mail headers)' }) messages!: number;
  @ApiProperty({ description: 'Files deleted' }) attachments!: number;
  @ApiProperty({ description: 'Free-text custom field values (text, textarea, regex) of their tickets deleted' })
  fieldValues!: number;
  @ApiProperty({ description: 'Raw mails deleted from the inbound spool' }) spooledMails!: number;
  @ApiProperty({ description: 'Mails in the outbox emptied (those still waiting are never sent)' })
  outboundMails!: number;
}

/** A customer's data on request (GDPR): export and erasure, admins only, both audit-logged. */
@ApiTags('customers')
@Controller('api/v1/customers')
export class CustomerDataController {
  constructor(private readonly data: CustomerDataService) {}

  /** Everything about the customer as a zip: customer.json, tickets.json (with messages), attachments/. */
  @AdminOnly()
  @Get(':id/export')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'A zip archive', schema: { type: 'string', format: 'binary' } })
  async export(@Param('id', ParseIntPipe) id: number): Promise<StreamableFile> {
    const { filename, zip } = await this.data.export(id);
    return new StreamableFile(zip, { type: 'application/zip', disposition: `attachment; filename="${filename}"` });
  }

  /**
   * Erases the customer: their messages' text and files, their tickets' subjects and
   * free-text field values, their own field values and organization, their raw mail in
   * the spool and their mail in the outbox; the tickets stay for statistics.
   */
  @AdminOnly()
  @Delete(':id')
  @HttpCode(200)
  @ApiOkResponse({ type: CustomerErasureView })
  erase(@Param('id', ParseIntPipe) id: number): Promise<CustomerErasureView> {
    return this.data.erase(id);
  }
}
