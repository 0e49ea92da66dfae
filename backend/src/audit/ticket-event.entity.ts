import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row per change to a ticket: who, what, before, after, when. */
@Entity('ticket_events')
export class TicketEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'ticket_id', type: 'bigint' })
  ticketId: number;

  @Column({ name: 'actor_user_id', type: 'bigint', nullable: true })
  actorUserId: number | null;

  @Column({ name: 'actor_customer_id', type: 'bigint', nullable: true })
  actorCustomerId: number | null;

  /** `created`, `updated` (one field per row) or `message_added`. */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text', nullable: true })
  field: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
