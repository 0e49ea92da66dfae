import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME } from '../../common/api-schema';

export const MAIL_OUT_PROBLEMS = ['no_relay', 'relay_failing'] as const;
export type MailOutProblem = (typeof MAIL_OUT_PROBLEMS)[number];

/** Whether replies can go out now, and if not why, with what waits meanwhile (every agent may read it). */
export class MailOutStatusView {
  @ApiProperty({ description: 'False while mail cannot go out (see problem)' }) canSend!: boolean;
  @ApiProperty({
    enum: MAIL_OUT_PROBLEMS,
    enumName: 'MailOutProblem',
    nullable: true,
    description:
      'no_relay: no relay is configured and a mailbox has no transport of its own; relay_failing: the latest send ' +
      'or test mail through the relay failed (see lastError)',
  })
  problem!: MailOutProblem | null;
  @ApiProperty({ type: String, nullable: true, description: "The relay's latest error, while it fails" })
  lastError!: string | null;
  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'When the relay last failed, while it fails' })
  failingSince!: string | null;
  @ApiProperty({ description: 'Mails waiting in the outbox (counted up to 10000)' }) waiting!: number;
  @ApiProperty({ description: "Agents' replies among them" }) waitingReplies!: number;
  @ApiProperty({ ...DATE_TIME, nullable: true, description: 'Since when the oldest waiting mail waits' })
  oldestWaitingAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the newest waiting mail waits' })
  waitingReason!: string | null;
}

/** What the relay answered to a test mail. */
export class RelayTestResultView {
  @ApiProperty({ description: 'True when the relay accepted the mail' }) ok!: boolean;
  @ApiProperty({ description: 'The relay the test went through, password masked' }) relay!: string;
  @ApiProperty({ description: 'The sender address the test used' }) from!: string;
  @ApiProperty({ type: String, nullable: true, description: "The relay's answer (SMTP 250 …) when it took the mail" })
  response!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the mail did not go, when it did not' })
  error!: string | null;
  @ApiProperty(DATE_TIME) at!: string;
}
