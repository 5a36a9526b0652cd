import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Bulk writes through the stats triggers, linear again.
 *
 * The UPDATE triggers of texts and attributions found the rows whose keys changed by joining
 * the statement's old and new rows on id. PostgreSQL plans a transition table as one row, so
 * that join ran as a nested loop: an UPDATE of n rows compared n² pairs (an insert of 36,000
 * attributions marks 82,000 texts as won: 6.7 billion comparisons, over an hour). Each version
 * of a row is now counted once, +1 new and -1 old, grouped by id and the watched columns: a row
 * whose watched columns changed leaves both versions with a non-zero count, one that did not
 * cancels out. Grouping sorts or hashes; no plan of it is quadratic.
 *
 * Erasing a text clears its step and variant on the attributions that credit it; a lookup by
 * text lets that join stay a probe per erased text, whatever the plan.
 *
 * The experiment stats group a month's texts by recovery (hundreds of thousands at 1M texts):
 * the covering index of sent texts also carries the recovery, and the few held-out and
 * deleted recoveries get partial indexes, read whole into hash tables instead of looking each
 * recovery up.
 *
 * TRUNCATE fires no row or statement trigger of the UPDATE/DELETE kind, so it would leave the
 * rollups counting texts that are gone: truncating the texts empties the rollups, truncating
 * the attributions marks every text as not won (which the text triggers fold into the rollups).
 */

/** A function body's join of old and new rows, and the grouping that replaces it. */
const REWRITES = [
  {
    fn: "sms_stats_message_update",
    before: `SELECT k.recovery_id, k."to"
             FROM old_rows o JOIN new_rows n ON n.id = o.id
             CROSS JOIN LATERAL (VALUES (o.recovery_id, o."to"), (n.recovery_id, n."to")) k(recovery_id, "to")
            WHERE (o.sent_at, o.deleted_at, o."to", o.channel, o.campaign_id, o.recovery_id)
                  IS DISTINCT FROM (n.sent_at, n.deleted_at, n."to", n.channel, n.campaign_id, n.recovery_id)`,
    after: `SELECT v.recovery_id, v."to"
             FROM (SELECT 1 AS sign, n.id, n.sent_at, n.deleted_at, n."to", n.channel, n.campaign_id, n.recovery_id FROM new_rows n
                   UNION ALL
                   SELECT -1, o.id, o.sent_at, o.deleted_at, o."to", o.channel, o.campaign_id, o.recovery_id FROM old_rows o) v
            GROUP BY v.id, v.sent_at, v.deleted_at, v."to", v.channel, v.campaign_id, v.recovery_id
           HAVING sum(v.sign) <> 0`,
  },
  {
    fn: "sms_stats_attribution_update",
    before: `SELECT k.recovery_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             CROSS JOIN LATERAL (VALUES (o.recovery_id), (n.recovery_id)) k(recovery_id)
            WHERE (o.recovery_id, o.deleted_at) IS DISTINCT FROM (n.recovery_id, n.deleted_at)`,
    after: `SELECT v.recovery_id
             FROM (SELECT 1 AS sign, n.id, n.recovery_id, n.deleted_at FROM new_rows n
                   UNION ALL
                   SELECT -1, o.id, o.recovery_id, o.deleted_at FROM old_rows o) v
            GROUP BY v.id, v.recovery_id, v.deleted_at
           HAVING sum(v.sign) <> 0`,
  },
] as const

/** Replaces `from` with `to` in a trigger function's body; fails if the body has no `from`. */
function rewriteFunction(fn: string, from: string, to: string): string {
  return `
  DO $do$
  DECLARE
    body text := (SELECT prosrc FROM pg_proc WHERE oid = '${fn}()'::regprocedure);
  BEGIN
    IF position(${literal(from)} IN body) = 0 THEN
      RAISE EXCEPTION '${fn}() does not have the statement this migration rewrites';
    END IF;
    EXECUTE format('CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS %L',
                   replace(body, ${literal(from)}, ${literal(to)}));
  END
  $do$;`
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`
}

const TRUNCATE_FUNCTIONS = `
  CREATE OR REPLACE FUNCTION sms_stats_message_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    DELETE FROM sms_stats_daily;
    DELETE FROM sms_stats_audience_daily;
    RETURN NULL;
  END
  $fn$;

  CREATE OR REPLACE FUNCTION sms_stats_attribution_truncate() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    UPDATE sms_message SET recovery_won = false WHERE recovery_won AND deleted_at IS NULL;
    RETURN NULL;
  END
  $fn$;`

const STATS_SENT_COLUMNS = `"campaign_id", "step_position", "variant_id", "status", "clicks", "segments", "channel", "recovery_won", "prev_recovery_sent_at", "prev_phone_sent_at", "prev_campaign_phone_sent_at"`

function statsSentIndex(columns: string): string {
  return `CREATE INDEX IF NOT EXISTS "IDX_sms_message_stats_sent" ON "sms_message" ("sent_at") INCLUDE (${columns}) WHERE sent_at IS NOT NULL AND deleted_at IS NULL;`
}

const TRUNCATE_TRIGGERS = {
  sms_stats_message_truncate: "sms_message",
  sms_stats_attribution_truncate: "sms_attribution",
} as const

export class Migration20261202120000 extends Migration {

  override async up(): Promise<void> {
    for (const { fn, before, after } of REWRITES) {
      this.addSql(rewriteFunction(fn, before, after));
    }
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_attribution_message_id" ON "sms_attribution" ("message_id");`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_message_stats_sent";`);
    this.addSql(statsSentIndex(`${STATS_SENT_COLUMNS}, "recovery_id", "to"`));
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_recovery_holdout" ON "sms_recovery" ("id") WHERE holdout AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_recovery_deleted" ON "sms_recovery" ("id") WHERE deleted_at IS NOT NULL;`);
    this.addSql(TRUNCATE_FUNCTIONS);
    for (const [name, table] of Object.entries(TRUNCATE_TRIGGERS)) {
      this.addSql(`DROP TRIGGER IF EXISTS ${name} ON ${table};`);
      this.addSql(`CREATE TRIGGER ${name} AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${name}();`);
    }
  }

  override async down(): Promise<void> {
    for (const [name, table] of Object.entries(TRUNCATE_TRIGGERS)) {
      this.addSql(`DROP TRIGGER IF EXISTS ${name} ON ${table};`);
      this.addSql(`DROP FUNCTION IF EXISTS ${name}();`);
    }
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_recovery_deleted";`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_recovery_holdout";`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_message_stats_sent";`);
    this.addSql(statsSentIndex(STATS_SENT_COLUMNS));
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_attribution_message_id";`);
    for (const { fn, before, after } of REWRITES) {
      this.addSql(rewriteFunction(fn, after, before));
    }
  }

}
