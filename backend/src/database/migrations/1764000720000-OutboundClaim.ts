import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The attempt that claimed an outbound mail for sending, so that an attempt which cannot
 * tell whether its claim committed (the database went away mid-statement) can release that
 * claim once the database answers, instead of leaving the mail `sending` until the lease
 * runs out. Null when no attempt holds it.
 */
export class OutboundClaim1764000720000 implements MigrationInterface {
  name = 'OutboundClaim1764000720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_messages ADD COLUMN sending_claim uuid`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbound_messages DROP COLUMN sending_claim`);
  }
}
