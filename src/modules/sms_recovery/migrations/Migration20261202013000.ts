import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261202013000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table if not exists "sms_rate_limit_counter" ("id" text not null, "key" text not null, "window_start" timestamptz not null, "hits" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_rate_limit_counter_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_rate_limit_counter_deleted_at" ON "sms_rate_limit_counter" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_rate_limit_counter_key_window_start_unique" ON "sms_rate_limit_counter" ("key", "window_start") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_rate_limit_counter_window_start" ON "sms_rate_limit_counter" ("window_start") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "sms_consent" add column if not exists "confirmation_sent_at" timestamptz null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_confirmation_sent_at" ON "sms_consent" ("confirmation_sent_at") WHERE confirmation_sent_at IS NOT NULL AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sms_rate_limit_counter" cascade;`);

    this.addSql(`drop index if exists "IDX_sms_consent_confirmation_sent_at";`);
    this.addSql(`alter table if exists "sms_consent" drop column if exists "confirmation_sent_at";`);
  }

}
