import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * A campaign's price of one billed SMS segment per country, for the texts' cost in the net
 * figures; and the texts that carried an incentive code, by recovery, so the stats find the
 * plugin's own promotions on attributed orders from an index of those few texts alone (a
 * model cannot declare `INCLUDE`, so this index lives here only).
 */
export class Migration20261202100000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_campaign" add column if not exists "segment_prices" jsonb not null default '{}';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_incentive" ON "sms_message" ("recovery_id") INCLUDE ("promotion_id") WHERE promotion_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_message_incentive";`);
    this.addSql(`alter table if exists "sms_campaign" drop column if exists "segment_prices";`);
  }

}
