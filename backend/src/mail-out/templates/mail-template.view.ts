import { ApiProperty } from '@nestjs/swagger';
import { TEMPLATE_KEYS, TemplateKey } from './mail-templates';

/** An automatic mail's template: the admin's wording, or the built-in default. */
export class MailTemplateView {
  @ApiProperty({ enum: TEMPLATE_KEYS, enumName: 'MailTemplateKey' }) key!: TemplateKey;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Plain text with {{placeholders}}' }) body!: string;
  @ApiProperty({ type: [String], description: 'The placeholders this template may use, e.g. ticket.number' })
  placeholders!: string[];
}
