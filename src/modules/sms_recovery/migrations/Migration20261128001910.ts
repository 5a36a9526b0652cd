import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261128001910 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_recovery_cart_id" ON "sms_recovery" ("cart_id") WHERE deleted_at IS NULL;`);

    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_sent_at" ON "sms_message" ("sent_at") WHERE sent_at IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_sms_recovery_cart_id";`);

    this.addSql(`drop index if exists "IDX_sms_message_sent_at";`);
  }

}
