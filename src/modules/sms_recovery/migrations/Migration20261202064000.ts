import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202064000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_step_variant" add column if not exists "delay_minutes" integer null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "sms_step_variant" drop column if exists "delay_minutes";`);
  }

}
