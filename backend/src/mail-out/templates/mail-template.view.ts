import { ApiProperty } from '@nestjs/swagger';
import { TEMPLATE_KEYS, TemplateKey } from './mail-templates';

/** An automatic mail's template: the admin's wording, or the built-in default. */
export class MailTemplateView {
  @ApiProperty({ enum: TEMPLATE_KEYS, enumName: 'MailTemplateKey' }) key!: TemplateKey;
  @ApiProperty() subject!: string;
  @ApiProperty({ description: 'Plain text with {{placeholders}}' }) body!: string;
  @ApiProperty({ description: 'false: an admin switched this mail off, and none is sent' }) enabled!: boolean;
  @ApiProperty({ type: [String], description: 'The placeholders this template may use, e.g. ticket.number' })
  placeholders!: string[];
}

/** A template rendered with sample values: the mail's subject, its text part and its HTML part. */
export class MailPreviewView {
  @ApiProperty() subject!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ description: 'The HTML part: the text escaped, line breaks kept' }) html!: string;
}
