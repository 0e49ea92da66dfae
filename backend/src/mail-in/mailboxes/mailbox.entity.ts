import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

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

export const toMailboxView = (m: Mailbox) => ({
  id: m.id,
  address: m.address,
  displayName: m.displayName,
  defaultGroupId: m.defaultGroupId,
  outboundFrom: m.outboundFrom,
  active: m.active,
  createdAt: m.createdAt,
  updatedAt: m.updatedAt,
});
