import { ApiProperty } from '@nestjs/swagger';

/** How sender verification is judged, for admins. */
export class MailAuthSettingView {
  @ApiProperty({
    type: [String],
    example: ['10.0.0.0/8', '192.0.2.25', '2001:db8::/32'],
    description:
      'IP addresses and CIDR ranges of relays whose mail counts as verified (a front MTA, the organisation’s own mail server): mail from an agent’s address through them counts as the agent’s without a DMARC pass',
  })
  trustedRelays!: string[];
}
