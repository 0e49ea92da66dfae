import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { ActionView, RuleChangeView } from '../rules/rule.view';
import { MacroRow } from './macros.repository';

export class MacroView {
  @ApiProperty() id!: number;
  @ApiProperty() title!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ type: () => [ActionView], description: 'What applying it does, in order (no mail, no webhooks)' })
  actions!: ActionView[];
  @ApiProperty({ type: String, nullable: true, description: 'The reply it drafts, with {{placeholders}}' })
  replyText!: string | null;
  @ApiProperty({ description: 'Every agent has it; otherwise it is its owner’s alone' }) shared!: boolean;
  @ApiProperty({ type: Number, nullable: true }) ownerId!: number | null;
  @ApiProperty({ type: Number, nullable: true }) createdBy!: number | null;
  @ApiProperty({ type: Number, nullable: true }) updatedBy!: number | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

export class MacroPreviewView {
  @ApiProperty() ticketId!: number;
  @ApiProperty({ type: () => [RuleChangeView], description: 'The field changes it makes (or would make)' })
  changes!: RuleChangeView[];
  @ApiProperty({ type: [String], description: 'What else it does (notes, followers, round-robin)' }) effects!: string[];
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The reply text with the ticket’s placeholders filled in, for the caller to send (a draft in the UI)',
  })
  replyText!: string | null;
}

export const toMacroView = (r: MacroRow): MacroView => ({
  id: r.id,
  title: r.title,
  description: r.description,
  actions: r.actions,
  replyText: r.reply_text,
  shared: r.shared,
  ownerId: r.owner_id,
  createdBy: r.created_by,
  updatedBy: r.updated_by,
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});
