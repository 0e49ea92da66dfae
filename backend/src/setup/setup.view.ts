import { ApiProperty } from '@nestjs/swagger';
import { MailOutStatusView } from '../mail-out/health/mail-out-status.view';

export const SETUP_STEPS = ['mailbox', 'outgoing', 'dns', 'licence'] as const;
export type SetupStepKey = (typeof SETUP_STEPS)[number];
export const SETUP_STEP_STATUSES = ['done', 'todo', 'failing', 'warning', 'unknown'] as const;
export type SetupStepStatus = (typeof SETUP_STEP_STATUSES)[number];
export const DNS_RESULTS = ['found', 'missing', 'unknown'] as const;

export class DnsRecordCheckView {
  @ApiProperty({ enum: DNS_RESULTS, enumName: 'DnsResult', description: 'unknown: DNS could not be asked' })
  result!: (typeof DNS_RESULTS)[number];
  @ApiProperty({ type: String, nullable: true, description: 'What was found, or why it is missing or unknown' })
  detail!: string | null;
}

/** The advisory DNS checks of one mailbox domain. */
export class DomainDnsView {
  @ApiProperty({ example: 'example.com' }) domain!: string;
  @ApiProperty({ type: DnsRecordCheckView, description: 'MX records: mail to the domain reaches somewhere' })
  mx!: DnsRecordCheckView;
  @ApiProperty({ type: DnsRecordCheckView }) spf!: DnsRecordCheckView;
  @ApiProperty({ type: DnsRecordCheckView, description: "Our DKIM selector's key, when a DKIM key is set here" })
  dkim!: DnsRecordCheckView;
  @ApiProperty({ type: DnsRecordCheckView }) dmarc!: DnsRecordCheckView;
}

/** One step of getting the help desk to answer mail. */
export class SetupStepView {
  @ApiProperty({
    enum: SETUP_STEPS,
    enumName: 'SetupStepKey',
    description:
      'mailbox: an active mailbox that receives; outgoing: mail can go out (a relay, or a transport per mailbox); ' +
      'dns: MX, SPF, DKIM and DMARC of the mailbox domains (advisory); licence: a licence is installed (optional)',
  })
  key!: SetupStepKey;
  @ApiProperty({
    enum: SETUP_STEP_STATUSES,
    enumName: 'SetupStepStatus',
    description:
      'done; todo: not set up yet; failing: set up but not working; warning: works, something is missing; ' +
      'unknown: could not be checked',
  })
  status!: SetupStepStatus;
  @ApiProperty({ description: 'The help desk cannot answer mail until a required step is done' }) required!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'What is wrong or missing, in a sentence' })
  detail!: string | null;
}

/** The admins' setup checklist: shown until every required step is done. */
export class SetupView {
  @ApiProperty({ description: 'Every required step is done: the help desk can receive and answer mail' })
  ready!: boolean;
  @ApiProperty({ type: [SetupStepView] }) steps!: SetupStepView[];
  @ApiProperty({ type: MailOutStatusView }) mailOut!: MailOutStatusView;
  @ApiProperty({ type: [DomainDnsView], description: 'The mailbox domains, checked at most once a minute' })
  domains!: DomainDnsView[];
}
