import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../../common/api-schema';
import { MailTransportView, TRANSPORT_VIEW_SCHEMA } from '../../mail-out/transports/transport.view';
import { MailSourceView, SOURCE_VIEW_SCHEMA } from '../../mail-sources/source.view';

/** A mailbox as the API shows it. */
export class MailboxView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'An address, or @example.com for every address of a domain' }) address!: string;
  @ApiProperty({ description: 'Empty when not set' }) displayName!: string;
  @ApiProperty({ type: Number, nullable: true }) defaultGroupId!: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Address replies are sent from; null: the mailbox address',
  })
  outboundFrom!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({
    description:
      "Plain text added to replies sent from this mailbox, below the agent's own; {{agent.name}}, {{agent.title}}, " +
      '{{agent.email}}, {{agent.signature}} and {{mailbox.name}} are filled in',
  })
  signature!: string;
  @ApiProperty(SOURCE_VIEW_SCHEMA) source!: MailSourceView | null;
  @ApiProperty(TRANSPORT_VIEW_SCHEMA) transport!: MailTransportView | null;
  @ApiProperty(DATE_TIME) createdAt!: Date;
  @ApiProperty(DATE_TIME) updatedAt!: Date;
}

/** An address the help desk answers for: `support@example.com`, or a whole domain written `@example.com`. */
export type Mailbox = Omit<MailboxView, 'source' | 'transport'>;

export const toMailboxView = (
  m: Mailbox,
  source: MailSourceView | null,
  transport: MailTransportView | null,
): MailboxView => ({ ...m, source, transport });
