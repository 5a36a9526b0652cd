import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261127233528 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_message" drop constraint if exists "sms_message_link_code_unique";`);
    this.addSql(`alter table if exists "sms_message" drop constraint if exists "sms_message_idempotency_key_unique";`);
    this.addSql(`alter table if exists "sms_consent" drop constraint if exists "sms_consent_phone_unique";`);
    this.addSql(`alter table if exists "sms_campaign_step" drop constraint if exists "sms_campaign_step_campaign_id_position_unique";`);
    this.addSql(`alter table if exists "sms_attribution" drop constraint if exists "sms_attribution_order_id_unique";`);
    this.addSql(`create table if not exists "sms_attribution" ("id" text not null, "order_id" text not null, "recovery_id" text not null, "message_id" text not null, "model" text check ("model" in ('click', 'view')) not null, "amount" numeric not null, "currency_code" text not null, "attributed_at" timestamptz not null, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_attribution_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_attribution_deleted_at" ON "sms_attribution" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_attribution_order_id_unique" ON "sms_attribution" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_attribution_attributed_at" ON "sms_attribution" ("attributed_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_campaign" ("id" text not null, "name" text not null, "enabled" boolean not null default false, "abandon_after_minutes" integer not null default 30, "active_since" timestamptz null, "max_per_phone_per_24h" integer not null default 2, "quiet_hours_start" text not null default '09:00', "quiet_hours_end" text not null default '20:00', "click_window_hours" integer not null default 120, "view_window_hours" integer not null default 24, "min_cart_total" numeric null, "double_opt_in_countries" text[] not null default '{US}', "opt_out_line" text not null default 'Reply STOP to opt out', "raw_min_cart_total" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_campaign_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_campaign_deleted_at" ON "sms_campaign" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_campaign_step" ("id" text not null, "campaign_id" text not null, "position" integer not null, "delay_minutes" integer not null, "channel" text not null default 'sms', "expires_after_hours" integer not null default 24, "incentive_type" text check ("incentive_type" in ('percentage', 'fixed', 'free_shipping')) null, "incentive_value" numeric null, "incentive_expiry_hours" integer null, "raw_incentive_value" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_campaign_step_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_campaign_step_campaign_id" ON "sms_campaign_step" ("campaign_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_campaign_step_deleted_at" ON "sms_campaign_step" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_campaign_step_campaign_id_position_unique" ON "sms_campaign_step" ("campaign_id", "position") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_consent" ("id" text not null, "phone" text not null, "status" text check ("status" in ('pending', 'opted_in', 'opted_out')) not null default 'pending', "country" text null, "customer_id" text null, "locale" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_consent_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_deleted_at" ON "sms_consent" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_consent_phone_unique" ON "sms_consent" ("phone") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_customer_id" ON "sms_consent" ("customer_id") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_consent_event" ("id" text not null, "consent_id" text not null, "phone" text not null, "type" text check ("type" in ('requested', 'confirmed', 'opted_in', 'opted_out', 'help', 'erased')) not null, "channel" text check ("channel" in ('checkout', 'keyword', 'admin', 'api')) not null, "consent_text" text null, "consent_text_hash" text null, "consent_text_version" text null, "source_url" text null, "ip" text null, "user_agent" text null, "inbound_text" text null, "occurred_at" timestamptz not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_consent_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_event_consent_id" ON "sms_consent_event" ("consent_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_event_deleted_at" ON "sms_consent_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_event_phone_occurred_at" ON "sms_consent_event" ("phone", "occurred_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_recovery" ("id" text not null, "cart_id" text not null, "campaign_id" text null, "phone" text null, "customer_id" text null, "status" text check ("status" in ('tracking', 'active', 'recovered', 'completed', 'exhausted', 'stopped', 'opted_out', 'expired')) not null default 'tracking', "last_activity_at" timestamptz not null, "next_step" integer not null default 1, "next_send_at" timestamptz null, "claimed_by" text null, "claim_expires_at" timestamptz null, "send_attempts" integer not null default 0, "reason" text null, "ended_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_recovery_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_recovery_deleted_at" ON "sms_recovery" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_recovery_open_cart" ON "sms_recovery" ("cart_id") WHERE status = 'tracking' AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_recovery_due" ON "sms_recovery" ("next_send_at") WHERE next_send_at IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_recovery_phone" ON "sms_recovery" ("phone") WHERE phone IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_recovery_customer_id" ON "sms_recovery" ("customer_id") WHERE customer_id IS NOT NULL AND deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_message" ("id" text not null, "recovery_id" text not null, "step_id" text not null, "step_position" integer not null, "variant_id" text null, "channel" text not null default 'sms', "idempotency_key" text not null, "to" text not null, "body" text null, "encoding" text null, "segments" integer null, "status" text check ("status" in ('queued', 'sent', 'delivered', 'failed', 'undeliverable')) not null default 'queued', "batch_id" text null, "error_code" text null, "error_message" text null, "sent_at" timestamptz null, "delivered_at" timestamptz null, "link_code" text null, "link_expires_at" timestamptz null, "clicks" integer not null default 0, "first_clicked_at" timestamptz null, "last_clicked_at" timestamptz null, "promotion_id" text null, "discount_code" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_message_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_recovery_id" ON "sms_message" ("recovery_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_deleted_at" ON "sms_message" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_message_idempotency_key_unique" ON "sms_message" ("idempotency_key") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_message_link_code_unique" ON "sms_message" ("link_code") WHERE link_code IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_batch_id" ON "sms_message" ("batch_id") WHERE batch_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_to_sent_at" ON "sms_message" ("to", "sent_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_step_variant" ("id" text not null, "step_id" text not null, "name" text not null, "template" text not null, "weight" integer not null default 1, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "sms_step_variant_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_step_variant_step_id" ON "sms_step_variant" ("step_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_step_variant_deleted_at" ON "sms_step_variant" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "sms_campaign_step" add constraint "sms_campaign_step_campaign_id_foreign" foreign key ("campaign_id") references "sms_campaign" ("id") on update cascade;`);

    this.addSql(`alter table if exists "sms_consent_event" add constraint "sms_consent_event_consent_id_foreign" foreign key ("consent_id") references "sms_consent" ("id") on update cascade;`);

    this.addSql(`alter table if exists "sms_message" add constraint "sms_message_recovery_id_foreign" foreign key ("recovery_id") references "sms_recovery" ("id") on update cascade;`);

    this.addSql(`alter table if exists "sms_step_variant" add constraint "sms_step_variant_step_id_foreign" foreign key ("step_id") references "sms_campaign_step" ("id") on update cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "sms_campaign_step" drop constraint if exists "sms_campaign_step_campaign_id_foreign";`);

    this.addSql(`alter table if exists "sms_step_variant" drop constraint if exists "sms_step_variant_step_id_foreign";`);

    this.addSql(`alter table if exists "sms_consent_event" drop constraint if exists "sms_consent_event_consent_id_foreign";`);

    this.addSql(`alter table if exists "sms_message" drop constraint if exists "sms_message_recovery_id_foreign";`);

    this.addSql(`drop table if exists "sms_attribution" cascade;`);

    this.addSql(`drop table if exists "sms_campaign" cascade;`);

    this.addSql(`drop table if exists "sms_campaign_step" cascade;`);

    this.addSql(`drop table if exists "sms_consent" cascade;`);

    this.addSql(`drop table if exists "sms_consent_event" cascade;`);

    this.addSql(`drop table if exists "sms_recovery" cascade;`);

    this.addSql(`drop table if exists "sms_message" cascade;`);

    this.addSql(`drop table if exists "sms_step_variant" cascade;`);
  }

}
