import { ApiProperty } from '@nestjs/swagger';
import { FREE_TIER_SEATS, LICENCE_SOURCES, LICENCE_STATUSES, LicenceSource, LicenceStatus } from './licence-state';

const date = { type: String, format: 'date', description: 'YYYY-MM-DD' } as const;

export class LicenseeView {
  @ApiProperty() name!: string;
  @ApiProperty() email!: string;
}

/** The licence in force, the seats it allows and this build's release (admins only). */
export class LicenceView {
  @ApiProperty({ enum: LICENCE_STATUSES, enumName: 'LicenceStatus' }) status!: LicenceStatus;
  @ApiProperty({ type: () => LicenseeView, nullable: true, description: 'Null without a valid licence' })
  licensee!: LicenseeView | null;
  @ApiProperty({ type: String, nullable: true, description: "The vendor's id for this licence" }) licenceId!:
    string | null;
  @ApiProperty({
    description: `The active-agent limit in force: the licence's seats, else the free tier's ${FREE_TIER_SEATS}`,
  })
  seats!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The seats the licence names' }) licensedSeats!:
    number | null;
  @ApiProperty({ description: 'Active users now' }) seatsUsed!: number;
  @ApiProperty({ ...date, nullable: true, description: 'YYYY-MM-DD: builds released after this day are not covered' })
  updatesUntil!: string | null;
  @ApiProperty({ ...date, nullable: true }) issuedAt!: string | null;
  @ApiProperty({ type: [String] }) features!: string[];
  @ApiProperty({ description: "This build's version" }) version!: string;
  @ApiProperty({ ...date, description: 'YYYY-MM-DD: the day this build was released' }) releaseDate!: string;
  @ApiProperty({ type: String, nullable: true, description: 'What an admin should know, or null when all is well' })
  notice!: string | null;
  @ApiProperty({
    enum: LICENCE_SOURCES,
    enumName: 'LicenceSource',
    nullable: true,
    description: 'env: set by HELPDESK_LICENCE_KEY (read-only through the API); settings: installed through the API',
  })
  source!: LicenceSource | null;
}
