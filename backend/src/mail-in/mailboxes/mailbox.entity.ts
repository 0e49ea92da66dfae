import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DATE_TIME } from '../../common/api-schema';
import { MailSourceView, SOURCE_VIEW_SCHEMA } from '../../mail-sources/source.view';

/** An address the help desk answers for: `support@example.com`, or a whole domain written `@example.com`. */
@Entity('mailboxes')
export class Mailbox {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ type: 'text' })
  address: string;

  @Column({ name: 'display_name', type: 'text', default: '' })
  displayName: string;

  @Column({ name: 'default_group_id', type: 'bigint', nullable: true })
  defaultGroupId: number | null;

  @Column({ name: 'outbound_from', type: 'text', nullable: true })
  outboundFrom: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

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
  @ApiProperty(SOURCE_VIEW_SCHEMA) source!: MailSourceView | null;
  @ApiProperty(DATE_TIME) createdAt!: Date;
  @ApiProperty(DATE_TIME) updatedAt!: Date;
}

export const toMailboxView = (m: Mailbox, source: MailSourceView | null): MailboxView => ({
  id: m.id,
  address: m.address,
  displayName: m.displayName,
  defaultGroupId: m.defaultGroupId,
  outboundFrom: m.outboundFrom,
  active: m.active,
  source,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});
