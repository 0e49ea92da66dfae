import { ApiProperty } from '@nestjs/swagger';

export const RELAY_SOURCES = ['env', 'settings'] as const;
export type RelaySource = (typeof RELAY_SOURCES)[number];

/** The outbound relay as admins see it: the password is masked. */
export class RelaySettingView {
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'smtp://user:****@relay.example.com:587',
    description: 'null (and source null): no relay; mail waits in the outbox',
  })
  url!: string | null;

  @ApiProperty({
    enum: RELAY_SOURCES,
    enumName: 'RelaySource',
    nullable: true,
    description:
      'Where the relay comes from: env (SMTP_RELAY_URL, not changeable through the API) or settings (saved through the API)',
  })
  source!: RelaySource | null;
}
