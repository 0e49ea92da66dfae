import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Customer } from '../customers/customer.entity';

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Statuses that still need work: the "open" views of the inbox. */
export const UNSOLVED_STATUSES: readonly TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

/** Stored as a smallint rank so "sort by priority" is an index order. */
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const priorityRank = (p: TicketPriority) => TICKET_PRIORITIES.indexOf(p);
export const priorityName = (rank: number): TicketPriority => TICKET_PRIORITIES[rank] ?? 'normal';

@Entity('tickets')
export class Ticket {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  /** Human-facing number from its own sequence: sequential, never reused. */
  @Column({ type: 'bigint', insert: false, update: false })
  number: number;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  status: TicketStatus;

  @Column({ type: 'smallint' })
  priority: number;

  @Column({ name: 'requester_id', type: 'bigint' })
  requesterId: number;

  @ManyToOne(() => Customer)
  @JoinColumn({ name: 'requester_id' })
  requester?: Customer;

  @Column({ name: 'assignee_id', type: 'bigint', nullable: true })
  assigneeId: number | null;

  @Column({ name: 'group_id', type: 'bigint', nullable: true })
  groupId: number | null;

  @Column({ name: 'mailbox_id', type: 'bigint', nullable: true })
  mailboxId: number | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ name: 'message_count', type: 'integer', default: 0 })
  messageCount: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  @Column({ name: 'first_response_at', type: 'timestamptz', nullable: true })
  firstResponseAt: Date | null;

  @Column({ name: 'solved_at', type: 'timestamptz', nullable: true })
  solvedAt: Date | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}
