import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Indexes for the admin stats over a large message table.
 *
 * - Sent texts by `sent_at`, carrying every column the stats read, so a month of texts is
 *   aggregated from the index alone, without visiting the table's wide rows. A model cannot
 *   declare `INCLUDE` columns, so this index lives here only; it is not in the snapshot, and
 *   generated migrations leave it alone.
 * - Texts that never went out, by `created_at`: the stats place those by creation time.
 * - Opt-out events by time: the opt-out rate starts from the range's opt-outs, which are few.
 */
export class Migration20261202050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_stats_sent" ON "sms_message" ("sent_at") INCLUDE ("recovery_id", "step_position", "variant_id", "status", "clicks", "segments", "channel", "to") WHERE sent_at IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_stats_unsent" ON "sms_message" ("created_at") WHERE sent_at IS NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_consent_event_opted_out" ON "sms_consent_event" ("occurred_at") WHERE type = 'opted_out' AND deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_consent_event_opted_out";`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_message_stats_unsent";`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_message_stats_sent";`);
  }

}
