import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261127231820 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_consent" drop constraint if exists "sms_consent_phone_unique";`);
    this.addSql(`create table if not exists "sms_consent" ("id" text not null, "phone" text not null, "status" text check ("status" in ('pending', 'opted_in', 'opted_out')) not null default 'pending', "country" text null, "customer_id" text null, "locale" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_consent_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_deleted_at" ON "sms_consent" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_consent_phone_unique" ON "sms_consent" ("phone") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_customer_id" ON "sms_consent" ("customer_id") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_consent_event" ("id" text not null, "consent_id" text not null, "phone" text not null, "type" text check ("type" in ('requested', 'confirmed', 'opted_in', 'opted_out', 'help', 'erased')) not null, "channel" text check ("channel" in ('checkout', 'keyword', 'admin', 'api')) not null, "consent_text" text null, "consent_text_hash" text null, "consent_text_version" text null, "source_url" text null, "ip" text null, "user_agent" text null, "inbound_text" text null, "occurred_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_consent_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_event_consent_id" ON "sms_consent_event" ("consent_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_event_deleted_at" ON "sms_consent_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_event_phone_occurred_at" ON "sms_consent_event" ("phone", "occurred_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "sms_consent_event" add constraint "sms_consent_event_consent_id_foreign" foreign key ("consent_id") references "sms_consent" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "sms_consent_event" drop constraint if exists "sms_consent_event_consent_id_foreign";`);

    this.addSql(`drop table if exists "sms_consent" cascade;`);

    this.addSql(`drop table if exists "sms_consent_event" cascade;`);
  }

}
