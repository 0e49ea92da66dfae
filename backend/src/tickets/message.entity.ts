import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const MESSAGE_VISIBILITIES = ['public', 'internal'] as const;
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];
export const MESSAGE_CHANNELS = ['email', 'web', 'note', 'system'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

@Entity('messages')
export class Message {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: number;

  @Column({ name: 'ticket_id', type: 'bigint' })
  ticketId: number;

  /** Exactly one author: an agent, a customer, or neither for system messages. */
  @Column({ name: 'author_user_id', type: 'bigint', nullable: true })
  authorUserId: number | null;

  @Column({ name: 'author_customer_id', type: 'bigint', nullable: true })
  authorCustomerId: number | null;

  @Column({ type: 'text' })
  visibility: MessageVisibility;

  @Column({ type: 'text' })
  channel: MessageChannel;

  @Column({ name: 'body_text', type: 'text' })
  bodyText: string;

  /** Sanitised on the server before it is stored; never raw mail HTML. */
  @Column({ name: 'body_html', type: 'text', nullable: true })
  bodyHtml: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
