import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/** Several targeted campaigns with a priority each, and a holdout group that is never texted. */
export class Migration20261202090000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_campaign" add column if not exists "priority" integer not null default 0, add column if not exists "holdout_percent" integer not null default 0, add column if not exists "region_ids" text[] not null default '{}', add column if not exists "currency_codes" text[] not null default '{}', add column if not exists "sales_channel_ids" text[] not null default '{}', add column if not exists "customer_group_ids" text[] not null default '{}', add column if not exists "customer_type" text check ("customer_type" in ('any', 'new', 'returning')) not null default 'any', add column if not exists "max_cart_total" numeric null, add column if not exists "raw_max_cart_total" jsonb null;`);
    this.addSql(`alter table if exists "sms_recovery" add column if not exists "holdout" boolean not null default false;`);
    this.addSql(`alter table if exists "sms_message" drop constraint if exists "sms_message_status_check";`);
    this.addSql(`alter table if exists "sms_message" add constraint "sms_message_status_check" check ("status" in ('queued', 'sent', 'delivered', 'failed', 'undeliverable', 'held_out'));`);
    this.addSql(`alter table if exists "sms_attribution" drop constraint if exists "sms_attribution_model_check";`);
    this.addSql(`alter table if exists "sms_attribution" add constraint "sms_attribution_model_check" check ("model" in ('click', 'view', 'holdout'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "sms_attribution" drop constraint if exists "sms_attribution_model_check";`);
    this.addSql(`alter table if exists "sms_attribution" add constraint "sms_attribution_model_check" check ("model" in ('click', 'view'));`);
    this.addSql(`alter table if exists "sms_message" drop constraint if exists "sms_message_status_check";`);
    this.addSql(`alter table if exists "sms_message" add constraint "sms_message_status_check" check ("status" in ('queued', 'sent', 'delivered', 'failed', 'undeliverable'));`);
    this.addSql(`alter table if exists "sms_recovery" drop column if exists "holdout";`);
    this.addSql(`alter table if exists "sms_campaign" drop column if exists "priority", drop column if exists "holdout_percent", drop column if exists "region_ids", drop column if exists "currency_codes", drop column if exists "sales_channel_ids", drop column if exists "customer_group_ids", drop column if exists "customer_type", drop column if exists "max_cart_total", drop column if exists "raw_max_cart_total";`);
  }

}
