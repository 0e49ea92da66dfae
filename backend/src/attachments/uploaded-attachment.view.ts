import { ApiProperty } from '@nestjs/swagger';

/** A file just uploaded, not yet part of a reply: pass its id in `attachmentIds` when posting the reply. */
export class UploadedAttachmentView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'The file name as uploaded, without any path' }) filename!: string;
  @ApiProperty({ example: 'application/pdf' }) contentType!: string;
  @ApiProperty({ description: 'Bytes' }) size!: number;
  @ApiProperty({
    description: 'An image for a reply’s bodyHtml (`<img src="{url}">`), sent as an inline part, not listed as a file',
  })
  inline!: boolean;
  @ApiProperty({ description: 'Where the file is read (and what bodyHtml names an inline image by)' }) url!: string;
}
