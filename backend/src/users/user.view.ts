import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../common/api-schema';
import { USER_ROLES, UserRole } from '../common/roles';
import { TICKET_SCOPE_KINDS, TicketScopeKind } from '../common/ticket-scope';
import type { UserRow } from './users.repository';

export const TICKET_SCOPE_DESCRIPTION =
  'Which tickets an agent reaches: all (default), groups (tickets of their groups and tickets assigned to them), assigned (only tickets assigned to them). Admins reach every ticket whatever is set. Out of scope, a ticket answers 404.';

/** An agent or admin as the API shows them (never the password hash). */
export class UserView {
  @ApiProperty() id!: number;
  @ApiProperty({ description: 'Lower-cased' }) email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: USER_ROLES, enumName: 'UserRole' }) role!: UserRole;
  @ApiProperty({ description: 'Inactive users cannot sign in and take no licence seat' }) active!: boolean;
  @ApiProperty({ enum: TICKET_SCOPE_KINDS, enumName: 'TicketScope', description: TICKET_SCOPE_DESCRIPTION })
  ticketScope!: TicketScopeKind;
  @ApiProperty({ description: 'Job title, for signatures ({{agent.title}}); empty when not set' }) title!: string;
  @ApiProperty({ description: "The agent's own signature, added to their emailed replies; empty when none" })
  signature!: string;
  @ApiProperty({ ...DATE_TIME, nullable: true }) lastLoginAt!: string | null;
  @ApiProperty(DATE_TIME) createdAt!: string;
  @ApiProperty(DATE_TIME) updatedAt!: string;
}

/** Dates stay Date objects here (they reach JSON as ISO strings), so this is not typed as UserView. */
export function toUserView(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    active: u.active,
    ticketScope: u.ticket_scope,
    title: u.title,
    signature: u.signature,
    lastLoginAt: u.last_login_at,
    createdAt: u.created_at,
    updatedAt: u.updated_at,
  };
}
