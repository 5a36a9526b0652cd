import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * The sweep's claim rewrites only columns no index covers (`claimed_by`, `claim_expires_at`,
 * `updated_at`). Leaving a tenth of each page free lets Postgres keep those updates on the
 * same page (HOT), so a claim writes no index entries. DML has no word for a storage
 * parameter, hence raw SQL.
 */
export class Migration20261128030000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`ALTER TABLE "sms_recovery" SET (fillfactor = 90);`);
  }

  override async down(): Promise<void> {
    this.addSql(`ALTER TABLE "sms_recovery" RESET (fillfactor);`);
  }

}
