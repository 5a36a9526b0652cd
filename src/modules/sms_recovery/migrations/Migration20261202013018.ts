import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202013018 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_inbound_callback" drop constraint if exists "sms_inbound_callback_kind_external_id_unique";`);
    this.addSql(`create table if not exists "sms_inbound_callback" ("id" text not null, "kind" text check ("kind" in ('mo_text', 'delivery_report')) not null, "external_id" text not null, "opt_out_phone_key" text null, "payload" jsonb null, "applied_at" timestamptz null, "attempts" integer not null default 0, "last_error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_inbound_callback_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_inbound_callback_deleted_at" ON "sms_inbound_callback" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_inbound_callback_kind_external_id_unique" ON "sms_inbound_callback" ("kind", "external_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_inbound_callback_opt_out_phone_key" ON "sms_inbound_callback" ("opt_out_phone_key") WHERE applied_at IS NULL AND opt_out_phone_key IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_inbound_callback_created_at" ON "sms_inbound_callback" ("created_at") WHERE applied_at IS NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sms_inbound_callback" cascade;`);
  }

}
