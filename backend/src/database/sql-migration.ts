import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A migration that is two SQL texts, one each way: the shape every schema change here
 * has (hand-written SQL, DESIGN.md), without restating `up` and `down` each time.
 * Subclasses set `name` (the class name, as TypeORM records it) and the two texts.
 */
export abstract class SqlMigration implements MigrationInterface {
  abstract readonly name: string;
  protected abstract readonly upSql: string;
  protected abstract readonly downSql: string;

  async up(q: QueryRunner): Promise<void> {
    await q.query(this.upSql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(this.downSql);
  }
}
