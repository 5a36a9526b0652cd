import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * A message now counts its hand-overs to the provider (`send_attempts`), and each attempt
 * after the first goes out under `<key>:retry:<n>` and asks Sinch first. A message still
 * queued at upgrade may have been handed over under the key and every `:retry:<n>` up to its
 * recovery's `send_attempts` (how earlier versions numbered retries), so it starts past them:
 * its next attempt asks Sinch before sending and uses a key Medusa has not seen. So do the
 * texts those versions recorded as sent without a batch id, which the sweep now looks up.
 */
export class Migration20261202011246 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_message" add column if not exists "send_attempts" integer not null default 0;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_sent_without_batch" ON "sms_message" ("created_at") WHERE status = 'sent' AND batch_id IS NULL AND channel = 'sms' AND deleted_at IS NULL;`);
    this.addSql(`UPDATE "sms_message" m SET "send_attempts" = r."send_attempts" + 1
      FROM "sms_recovery" r
      WHERE m."recovery_id" = r."id" AND m."deleted_at" IS NULL
        AND (m."status" = 'queued' OR (m."status" = 'sent' AND m."batch_id" IS NULL AND m."channel" = 'sms'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_sms_message_sent_without_batch";`);
    this.addSql(`alter table if exists "sms_message" drop column if exists "send_attempts";`);
  }

}
