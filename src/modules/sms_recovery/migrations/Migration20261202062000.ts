import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** Replies: texts from shoppers that are not keywords, kept for a person to read and answer. */
export class Migration20261202062000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sms_reply" ("id" text not null, "phone" text not null, "body" text not null, "received_at" timestamptz not null, "inbound_message_id" text not null, "recovery_id" text null, "cart_id" text null, "customer_id" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_reply_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_reply_deleted_at" ON "sms_reply" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_reply_inbound_message_id_unique" ON "sms_reply" ("inbound_message_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_reply_phone" ON "sms_reply" ("phone") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_reply_received_at" ON "sms_reply" ("received_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_reply_cart_id" ON "sms_reply" ("cart_id") WHERE cart_id IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sms_reply" cascade;`);
  }

}
