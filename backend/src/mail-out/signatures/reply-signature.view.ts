import { ApiProperty } from '@nestjs/swagger';

/** The signature a reply on a ticket gets when the signed-in agent sends it (both null: none). */
export class ReplySignatureView {
  @ApiProperty({ type: String, nullable: true, description: 'As the text part of the mail has it' })
  text!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'As the HTML part of the mail has it (escaped)' })
  html!: string | null;
}
