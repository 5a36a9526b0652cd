import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261127234230 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_consent_event" drop constraint if exists "sms_consent_event_inbound_message_id_unique";`);
    this.addSql(`alter table if exists "sms_webhook_nonce" drop constraint if exists "sms_webhook_nonce_nonce_unique";`);
    this.addSql(`create table if not exists "sms_webhook_nonce" ("id" text not null, "nonce" text not null, "received_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_webhook_nonce_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_webhook_nonce_deleted_at" ON "sms_webhook_nonce" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_webhook_nonce_nonce_unique" ON "sms_webhook_nonce" ("nonce") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_webhook_nonce_received_at" ON "sms_webhook_nonce" ("received_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "sms_consent_event" add column if not exists "inbound_message_id" text null;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_consent_event_inbound_message_id_unique" ON "sms_consent_event" ("inbound_message_id") WHERE inbound_message_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_event_ip_occurred_at" ON "sms_consent_event" ("ip", "occurred_at") WHERE ip IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sms_webhook_nonce" cascade;`);

    this.addSql(`drop index if exists "IDX_sms_consent_event_inbound_message_id_unique";`);
    this.addSql(`drop index if exists "IDX_sms_consent_event_ip_occurred_at";`);
    this.addSql(`alter table if exists "sms_consent_event" drop column if exists "inbound_message_id";`);
  }

}
