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

  /** The whole text including quoted history, for mail (bodyText is the visible reply). */
  @Column({ name: 'full_text', type: 'text', nullable: true })
  fullText: string | null;

  @Column({ name: 'mailbox_id', type: 'bigint', nullable: true })
  mailboxId: number | null;

  @Column({ name: 'inbound_message_id', type: 'bigint', nullable: true })
  inboundMessageId: number | null;

  /** Its Message-ID: the sender's for mail in, ours (HMAC-signed) for mail out. */
  @Column({ name: 'mail_message_id', type: 'text', nullable: true })
  mailMessageId: string | null;

  @Column({ name: 'in_reply_to', type: 'text', nullable: true })
  inReplyTo: string | null;

  @Column({ name: 'mail_references', type: 'text', array: true, default: () => "'{}'" })
  mailReferences: string[];

  @Column({ name: 'from_address', type: 'text', nullable: true })
  fromAddress: string | null;

  @Column({ name: 'to_addresses', type: 'text', array: true, default: () => "'{}'" })
  toAddresses: string[];

  @Column({ name: 'cc_addresses', type: 'text', array: true, default: () => "'{}'" })
  ccAddresses: string[];

  /** auto_reply, bounce, list: mail never answered automatically. */
  @Column({ name: 'mail_flags', type: 'text', array: true, default: () => "'{}'" })
  mailFlags: string[];

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
