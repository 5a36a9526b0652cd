import { Migration } from "@medusajs/framework/mikro-orm/migrations";

/**
 * Daily rollups behind the admin stats, kept exact by triggers in the transaction of every
 * write to a text or an attribution, whoever makes it (the engine's SQL, the module's
 * generated methods, an erase).
 *
 * - `sms_stats_daily`: each text's counters at UTC day (sent, or created if it never went
 *   out) x campaign x step x variant.
 * - `sms_stats_audience_daily`: distinct recoveries and numbers cannot be summed across days,
 *   so each sent text carries when its recovery, its number, and its number within its
 *   campaign were last texted before it (`prev_*_sent_at`). A recovery (or number) was texted
 *   in `[from, to)` exactly when one of its texts there has no earlier text since `from`; the
 *   rollup counts texts by day and by the day of that earlier text, which a range reads as
 *   "earlier than its first day". `recovery_won` splits the recoveries that earned an order.
 *
 * Each statement appends its net change as new rows (`merged = false`): appends never wait on
 * one another, so concurrent writers add up without lost increments and without waiting on
 * (or deadlocking over) a hot day's row. `sms_stats_merge()` (the stats rollup job) folds the
 * appended rows into one merged row per key; readers sum both. Linking a text to its
 * predecessors reads the other texts of its recovery and number, so those writes take a
 * transaction-level advisory lock per recovery and number first. Each text also carries its
 * recovery's campaign, and each attribution its text's step and variant, so the stats filter
 * and group without joins.
 *
 * `prev_day` older than 400 days is stored as -infinity: no range the stats accept is that
 * long, and it bounds the rows per day.
 */
const PREV_DAYS_KEPT = 400

/** Above this many recoveries and numbers in one statement, one lock for all of them. */
const KEYED_LOCKS_MAX = 200

/**
 * Appends the net change of a set of signed message rows (`sign`, then the row's columns) to
 * both rollups, as unmerged rows, or as merged ones for a backfill.
 */
function applyToRollups(changed: string, merged = false): string {
  return `
    INSERT INTO sms_stats_daily
      (day, campaign_id, step_position, variant_id, sent, delivered, failed, clicks, unique_clicks, segments, merged)
    SELECT day, campaign_id, step_position, variant_id,
           sum(sign * sent), sum(sign * delivered), sum(sign * failed), sum(sign * clicks),
           sum(sign * unique_clicks), sum(sign * segments), ${merged}
      FROM (
        SELECT c.sign, (COALESCE(c.sent_at, c.created_at) AT TIME ZONE 'UTC')::date AS day,
               COALESCE(c.campaign_id, '') AS campaign_id, c.step_position,
               COALESCE(c.variant_id, '') AS variant_id,
               (c.sent_at IS NOT NULL)::int AS sent,
               (c.status = 'delivered')::int AS delivered,
               (c.status IN ('failed', 'undeliverable'))::int AS failed,
               COALESCE(c.clicks, 0) AS clicks,
               (COALESCE(c.clicks, 0) > 0)::int AS unique_clicks,
               CASE WHEN c.sent_at IS NOT NULL THEN COALESCE(c.segments, 0) ELSE 0 END AS segments
          FROM (${changed}) c
         WHERE c.deleted_at IS NULL
      ) x
     GROUP BY day, campaign_id, step_position, variant_id
    HAVING sum(sign * sent) <> 0 OR sum(sign * delivered) <> 0 OR sum(sign * failed) <> 0
        OR sum(sign * clicks) <> 0 OR sum(sign * unique_clicks) <> 0 OR sum(sign * segments) <> 0;

    INSERT INTO sms_stats_audience_daily (day, campaign_id, kind, prev_day, won, texts, merged)
    SELECT day, campaign_id, kind, prev_day, won, sum(sign), ${merged}
      FROM (
        SELECT c.sign, (c.sent_at AT TIME ZONE 'UTC')::date AS day, COALESCE(c.campaign_id, '') AS campaign_id,
               k.kind, k.won,
               CASE WHEN k.prev IS NULL OR k.prev < c.sent_at - interval '${PREV_DAYS_KEPT} days' THEN '-infinity'::date
                    ELSE (k.prev AT TIME ZONE 'UTC')::date END AS prev_day
          FROM (${changed}) c
          CROSS JOIN LATERAL (VALUES
            ('recovery', c.prev_recovery_sent_at, c.recovery_won, true),
            ('phone', c.prev_phone_sent_at, false, c.channel = 'sms'),
            ('campaign_phone', c.prev_campaign_phone_sent_at, false, c.channel = 'sms')
          ) k(kind, prev, won, counted)
         WHERE c.deleted_at IS NULL AND c.sent_at IS NOT NULL AND k.counted
      ) x
     GROUP BY day, campaign_id, kind, prev_day, won
    HAVING sum(sign) <> 0;`
}

/**
 * Folds the appended rows into one merged row per key. One merge at a time (the others
 * return at once); writers only append, so it never waits on them, and a row appended
 * meanwhile is simply left for the next merge.
 */
const MERGE_FUNCTION = `
  CREATE OR REPLACE FUNCTION sms_stats_merge() RETURNS void LANGUAGE plpgsql AS $fn$
  BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtextextended('sms_stats_merge', 0)) THEN
      RETURN;
    END IF;
    WITH appended AS (DELETE FROM sms_stats_daily WHERE NOT merged RETURNING *)
    INSERT INTO sms_stats_daily AS s
      (day, campaign_id, step_position, variant_id, sent, delivered, failed, clicks, unique_clicks, segments, merged)
    SELECT day, campaign_id, step_position, variant_id, sum(sent), sum(delivered), sum(failed), sum(clicks),
           sum(unique_clicks), sum(segments), true
      FROM appended
     GROUP BY day, campaign_id, step_position, variant_id
    ON CONFLICT (day, campaign_id, step_position, variant_id) WHERE merged DO UPDATE SET
      sent = s.sent + excluded.sent, delivered = s.delivered + excluded.delivered,
      failed = s.failed + excluded.failed, clicks = s.clicks + excluded.clicks,
      unique_clicks = s.unique_clicks + excluded.unique_clicks, segments = s.segments + excluded.segments;

    WITH appended AS (DELETE FROM sms_stats_audience_daily WHERE NOT merged RETURNING *)
    INSERT INTO sms_stats_audience_daily AS s (day, campaign_id, kind, prev_day, won, texts, merged)
    SELECT day, campaign_id, kind, prev_day, won, sum(texts), true
      FROM appended
     GROUP BY day, campaign_id, kind, prev_day, won
    ON CONFLICT (day, campaign_id, kind, prev_day, won) WHERE merged DO UPDATE SET texts = s.texts + excluded.texts;
  END
  $fn$;`

/**
 * Relinks the live sent texts of some recoveries and numbers (the filters; empty for all) to
 * the texts before them; only rows whose link changes are written.
 */
function relink(recoveryFilter: string, phoneFilter: string): string {
  return `
    UPDATE sms_message m SET prev_recovery_sent_at = c.prev
      FROM (SELECT id, lag(sent_at) OVER (PARTITION BY recovery_id ORDER BY sent_at, id) AS prev
              FROM sms_message
             WHERE deleted_at IS NULL AND sent_at IS NOT NULL ${recoveryFilter}) c
     WHERE m.id = c.id AND m.prev_recovery_sent_at IS DISTINCT FROM c.prev;

    UPDATE sms_message m SET prev_phone_sent_at = c.prev, prev_campaign_phone_sent_at = c.campaign_prev
      FROM (SELECT id,
                   lag(sent_at) OVER (PARTITION BY "to" ORDER BY sent_at, id) AS prev,
                   lag(sent_at) OVER (PARTITION BY "to", campaign_id ORDER BY sent_at, id) AS campaign_prev
              FROM sms_message
             WHERE deleted_at IS NULL AND sent_at IS NOT NULL AND channel = 'sms' ${phoneFilter}) c
     WHERE m.id = c.id
       AND (m.prev_phone_sent_at IS DISTINCT FROM c.prev OR m.prev_campaign_phone_sent_at IS DISTINCT FROM c.campaign_prev);`
}

/** The sign and columns of each row a statement changed, for `applyToRollups`. */
const CHANGED_ROWS = {
  INSERT: `SELECT 1 AS sign, n.* FROM new_rows n`,
  UPDATE: `SELECT 1 AS sign, n.* FROM new_rows n UNION ALL SELECT -1 AS sign, o.* FROM old_rows o`,
  DELETE: `SELECT -1 AS sign, o.* FROM old_rows o`,
} as const

/** Rows (`c`) whose place in a recovery's or a number's sequence of sent texts may have changed. */
const RELINKED_ROWS = {
  INSERT: `SELECT n.recovery_id, n."to" FROM new_rows n WHERE n.sent_at IS NOT NULL AND n.deleted_at IS NULL`,
  UPDATE: `SELECT k.recovery_id, k."to"
             FROM old_rows o JOIN new_rows n ON n.id = o.id
             CROSS JOIN LATERAL (VALUES (o.recovery_id, o."to"), (n.recovery_id, n."to")) k(recovery_id, "to")
            WHERE (o.sent_at, o.deleted_at, o."to", o.channel, o.campaign_id, o.recovery_id)
                  IS DISTINCT FROM (n.sent_at, n.deleted_at, n."to", n.channel, n.campaign_id, n.recovery_id)`,
  DELETE: `SELECT o.recovery_id, o."to" FROM old_rows o WHERE o.sent_at IS NOT NULL AND o.deleted_at IS NULL`,
} as const

/**
 * Takes the advisory locks that order writers of the same recovery or number: one per key in
 * a fixed order (no deadlock between two statements), or, for a statement over more keys
 * than the lock table should hold, one lock that every keyed writer shares.
 */
const LOCK_KEYS_FUNCTION = `
  CREATE OR REPLACE FUNCTION sms_stats_lock_keys(keys text[]) RETURNS void LANGUAGE plpgsql AS $fn$
  DECLARE
    key bigint;
  BEGIN
    IF cardinality(keys) > ${KEYED_LOCKS_MAX} THEN
      PERFORM pg_advisory_xact_lock(hashtextextended('sms_stats', 0));
      RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock_shared(hashtextextended('sms_stats', 0));
    FOR key IN SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest(keys) k ORDER BY h LOOP
      PERFORM pg_advisory_xact_lock(key);
    END LOOP;
  END
  $fn$;`

function messageTriggerFunction(event: keyof typeof CHANGED_ROWS): string {
  const onDelete =
    event === "DELETE"
      ? `UPDATE sms_attribution a SET step_position = NULL, variant_id = NULL
           FROM old_rows o WHERE a.message_id = o.id AND (a.step_position IS NOT NULL OR a.variant_id IS NOT NULL);`
      : ""
  return `
  CREATE OR REPLACE FUNCTION sms_stats_message_${event.toLowerCase()}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    recoveries text[];
    phones text[];
  BEGIN
    ${applyToRollups(CHANGED_ROWS[event])}
    ${onDelete}
    SELECT array_agg(DISTINCT c.recovery_id), array_agg(DISTINCT c."to")
      INTO recoveries, phones
      FROM (${RELINKED_ROWS[event]}) c;
    IF recoveries IS NULL THEN
      RETURN NULL;
    END IF;
    PERFORM sms_stats_lock_keys(
      ARRAY(SELECT 'recovery:' || r FROM unnest(recoveries) r) || ARRAY(SELECT 'phone:' || p FROM unnest(phones) p));
    IF cardinality(recoveries) + cardinality(phones) > ${KEYED_LOCKS_MAX} THEN
      ${relink("", "")}
    ELSE
      ${relink("AND recovery_id = ANY(recoveries)", `AND "to" = ANY(phones)`)}
    END IF;
    RETURN NULL;
  END
  $fn$;`
}

/** A text's campaign and whether its recovery earned an order, from their sources. */
const MESSAGE_DERIVED_FUNCTION = `
  CREATE OR REPLACE FUNCTION sms_stats_message_derive() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    NEW.campaign_id := (SELECT r.campaign_id FROM sms_recovery r WHERE r.id = NEW.recovery_id);
    NEW.recovery_won := EXISTS (
      SELECT 1 FROM sms_attribution a WHERE a.recovery_id = NEW.recovery_id AND a.deleted_at IS NULL);
    RETURN NEW;
  END
  $fn$;`

/** An attribution's campaign, step and variant, from its recovery and text. */
const ATTRIBUTION_DERIVED_FUNCTION = `
  CREATE OR REPLACE FUNCTION sms_stats_attribution_derive() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    NEW.campaign_id := (SELECT r.campaign_id FROM sms_recovery r WHERE r.id = NEW.recovery_id);
    SELECT m.step_position, m.variant_id INTO NEW.step_position, NEW.variant_id
      FROM sms_message m WHERE m.id = NEW.message_id;
    RETURN NEW;
  END
  $fn$;`

const ATTRIBUTION_RECOVERIES = {
  INSERT: `SELECT n.recovery_id FROM new_rows n`,
  UPDATE: `SELECT k.recovery_id FROM old_rows o JOIN new_rows n ON n.id = o.id
             CROSS JOIN LATERAL (VALUES (o.recovery_id), (n.recovery_id)) k(recovery_id)
            WHERE (o.recovery_id, o.deleted_at) IS DISTINCT FROM (n.recovery_id, n.deleted_at)`,
  DELETE: `SELECT o.recovery_id FROM old_rows o`,
} as const

/** Marks the texts of recoveries whose attributions changed as won or not. */
function attributionTriggerFunction(event: keyof typeof ATTRIBUTION_RECOVERIES): string {
  return `
  CREATE OR REPLACE FUNCTION sms_stats_attribution_${event.toLowerCase()}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  DECLARE
    recoveries text[];
  BEGIN
    SELECT array_agg(DISTINCT c.recovery_id) INTO recoveries FROM (${ATTRIBUTION_RECOVERIES[event]}) c;
    IF recoveries IS NULL THEN
      RETURN NULL;
    END IF;
    PERFORM sms_stats_lock_keys(ARRAY(SELECT 'recovery:' || r FROM unnest(recoveries) r));
    UPDATE sms_message m SET recovery_won = w.won
      FROM (SELECT r AS recovery_id,
                   EXISTS (SELECT 1 FROM sms_attribution a WHERE a.recovery_id = r AND a.deleted_at IS NULL) AS won
              FROM unnest(recoveries) r) w
     WHERE m.recovery_id = w.recovery_id AND m.deleted_at IS NULL AND m.recovery_won IS DISTINCT FROM w.won;
    RETURN NULL;
  END
  $fn$;`
}

/** A recovery moved to another campaign takes its texts and attributions with it. */
const RECOVERY_CAMPAIGN_FUNCTION = `
  CREATE OR REPLACE FUNCTION sms_stats_recovery_campaign() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    UPDATE sms_message SET campaign_id = NEW.campaign_id
     WHERE recovery_id = NEW.id AND deleted_at IS NULL AND campaign_id IS DISTINCT FROM NEW.campaign_id;
    UPDATE sms_attribution SET campaign_id = NEW.campaign_id
     WHERE recovery_id = NEW.id AND campaign_id IS DISTINCT FROM NEW.campaign_id;
    RETURN NULL;
  END
  $fn$;`

const TRIGGERS = [
  `CREATE TRIGGER sms_stats_message_derive BEFORE INSERT OR UPDATE OF recovery_id, campaign_id, recovery_won, deleted_at
     ON sms_message FOR EACH ROW EXECUTE FUNCTION sms_stats_message_derive();`,
  `CREATE TRIGGER sms_stats_message_insert AFTER INSERT ON sms_message
     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sms_stats_message_insert();`,
  `CREATE TRIGGER sms_stats_message_update AFTER UPDATE ON sms_message
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sms_stats_message_update();`,
  `CREATE TRIGGER sms_stats_message_delete AFTER DELETE ON sms_message
     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sms_stats_message_delete();`,
  `CREATE TRIGGER sms_stats_attribution_derive BEFORE INSERT OR UPDATE OF recovery_id, message_id, campaign_id, step_position, variant_id
     ON sms_attribution FOR EACH ROW EXECUTE FUNCTION sms_stats_attribution_derive();`,
  `CREATE TRIGGER sms_stats_attribution_insert AFTER INSERT ON sms_attribution
     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sms_stats_attribution_insert();`,
  `CREATE TRIGGER sms_stats_attribution_update AFTER UPDATE ON sms_attribution
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sms_stats_attribution_update();`,
  `CREATE TRIGGER sms_stats_attribution_delete AFTER DELETE ON sms_attribution
     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sms_stats_attribution_delete();`,
  `CREATE TRIGGER sms_stats_recovery_campaign AFTER UPDATE OF campaign_id ON sms_recovery
     FOR EACH ROW WHEN (OLD.campaign_id IS DISTINCT FROM NEW.campaign_id) EXECUTE FUNCTION sms_stats_recovery_campaign();`,
]

const TRIGGER_TABLES: Record<string, string> = {
  sms_stats_message_derive: "sms_message",
  sms_stats_message_insert: "sms_message",
  sms_stats_message_update: "sms_message",
  sms_stats_message_delete: "sms_message",
  sms_stats_attribution_derive: "sms_attribution",
  sms_stats_attribution_insert: "sms_attribution",
  sms_stats_attribution_update: "sms_attribution",
  sms_stats_attribution_delete: "sms_attribution",
  sms_stats_recovery_campaign: "sms_recovery",
}

const STATS_SENT_INDEX_BEFORE = `CREATE INDEX IF NOT EXISTS "IDX_sms_message_stats_sent" ON "sms_message" ("sent_at") INCLUDE ("recovery_id", "step_position", "variant_id", "status", "clicks", "segments", "channel", "to") WHERE sent_at IS NOT NULL AND deleted_at IS NULL;`

export class Migration20261202110000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "sms_message" add column if not exists "campaign_id" text null;`);
    this.addSql(`alter table if exists "sms_message" add column if not exists "recovery_won" boolean not null default false;`);
    this.addSql(`alter table if exists "sms_message" add column if not exists "prev_recovery_sent_at" timestamptz null;`);
    this.addSql(`alter table if exists "sms_message" add column if not exists "prev_phone_sent_at" timestamptz null;`);
    this.addSql(`alter table if exists "sms_message" add column if not exists "prev_campaign_phone_sent_at" timestamptz null;`);
    this.addSql(`alter table if exists "sms_attribution" add column if not exists "campaign_id" text null;`);
    this.addSql(`alter table if exists "sms_attribution" add column if not exists "step_position" integer null;`);
    this.addSql(`alter table if exists "sms_attribution" add column if not exists "variant_id" text null;`);
    // Whether a recovery earned an order is looked up for every text written.
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_attribution_recovery_id" ON "sms_attribution" ("recovery_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "sms_stats_daily" (
      "day" date not null, "campaign_id" text not null, "step_position" integer not null, "variant_id" text not null,
      "sent" bigint not null default 0, "delivered" bigint not null default 0, "failed" bigint not null default 0,
      "clicks" bigint not null default 0, "unique_clicks" bigint not null default 0, "segments" bigint not null default 0,
      "merged" boolean not null default false);`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_stats_daily_merged" ON "sms_stats_daily" ("day", "campaign_id", "step_position", "variant_id") WHERE merged;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_stats_daily_day" ON "sms_stats_daily" ("day");`);
    this.addSql(`create table if not exists "sms_stats_audience_daily" (
      "day" date not null, "campaign_id" text not null, "kind" text not null, "prev_day" date not null,
      "won" boolean not null, "texts" bigint not null default 0, "merged" boolean not null default false);`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_sms_stats_audience_daily_merged" ON "sms_stats_audience_daily" ("day", "campaign_id", "kind", "prev_day", "won") WHERE merged;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_stats_audience_daily_day" ON "sms_stats_audience_daily" ("day");`);

    for (const [name, table] of Object.entries(TRIGGER_TABLES)) {
      this.addSql(`DROP TRIGGER IF EXISTS ${name} ON ${table};`);
    }

    // Backfill the derived columns, then the rollups from them, before any trigger exists.
    // One pass, so each text is rewritten once.
    this.addSql(`UPDATE sms_message m
         SET campaign_id = d.campaign_id, recovery_won = d.won, prev_recovery_sent_at = d.prev_recovery,
             prev_phone_sent_at = d.prev_phone, prev_campaign_phone_sent_at = d.prev_campaign_phone
        FROM (
          SELECT m.id, r.campaign_id, w.recovery_id IS NOT NULL AS won,
                 CASE WHEN m.sent_at IS NOT NULL THEN lag(m.sent_at) OVER (
                   PARTITION BY m.recovery_id, m.sent_at IS NOT NULL ORDER BY m.sent_at, m.id) END AS prev_recovery,
                 CASE WHEN m.sent_at IS NOT NULL AND m.channel = 'sms' THEN lag(m.sent_at) OVER (
                   PARTITION BY m."to", m.sent_at IS NOT NULL AND m.channel = 'sms' ORDER BY m.sent_at, m.id) END AS prev_phone,
                 CASE WHEN m.sent_at IS NOT NULL AND m.channel = 'sms' THEN lag(m.sent_at) OVER (
                   PARTITION BY m."to", r.campaign_id, m.sent_at IS NOT NULL AND m.channel = 'sms' ORDER BY m.sent_at, m.id) END AS prev_campaign_phone
            FROM sms_message m
            LEFT JOIN sms_recovery r ON r.id = m.recovery_id
            LEFT JOIN (SELECT DISTINCT recovery_id FROM sms_attribution WHERE deleted_at IS NULL) w ON w.recovery_id = m.recovery_id
           WHERE m.deleted_at IS NULL
        ) d
       WHERE m.id = d.id
         AND (m.campaign_id, m.recovery_won, m.prev_recovery_sent_at, m.prev_phone_sent_at, m.prev_campaign_phone_sent_at)
             IS DISTINCT FROM (d.campaign_id, d.won, d.prev_recovery, d.prev_phone, d.prev_campaign_phone);`);
    this.addSql(`UPDATE sms_attribution a SET campaign_id = r.campaign_id
      FROM sms_recovery r WHERE r.id = a.recovery_id AND a.campaign_id IS DISTINCT FROM r.campaign_id;`);
    this.addSql(`UPDATE sms_attribution a SET step_position = m.step_position, variant_id = m.variant_id
      FROM sms_message m WHERE m.id = a.message_id
        AND (a.step_position, a.variant_id) IS DISTINCT FROM (m.step_position, m.variant_id);`);
    this.addSql(`DELETE FROM sms_stats_daily;`);
    this.addSql(`DELETE FROM sms_stats_audience_daily;`);
    this.addSql(applyToRollups(`SELECT 1 AS sign, m.* FROM sms_message m`, true));

    this.addSql(MERGE_FUNCTION);
    this.addSql(LOCK_KEYS_FUNCTION);
    this.addSql(MESSAGE_DERIVED_FUNCTION);
    this.addSql(ATTRIBUTION_DERIVED_FUNCTION);
    this.addSql(RECOVERY_CAMPAIGN_FUNCTION);
    for (const event of ["INSERT", "UPDATE", "DELETE"] as const) {
      this.addSql(messageTriggerFunction(event));
      this.addSql(attributionTriggerFunction(event));
    }
    for (const trigger of TRIGGERS) {
      this.addSql(trigger);
    }

    // The stats now read raw texts only at a range's partial first and last days, and the
    // texts whose predecessor falls on the partial first day before the range starts.
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_message_stats_sent";`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_stats_sent" ON "sms_message" ("sent_at") INCLUDE ("campaign_id", "step_position", "variant_id", "status", "clicks", "segments", "channel", "recovery_won", "prev_recovery_sent_at", "prev_phone_sent_at", "prev_campaign_phone_sent_at") WHERE sent_at IS NOT NULL AND deleted_at IS NULL;`);
    for (const column of ["prev_recovery_sent_at", "prev_phone_sent_at", "prev_campaign_phone_sent_at"]) {
      this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_message_${column}" ON "sms_message" ("${column}") INCLUDE ("sent_at", "campaign_id", "channel", "recovery_won") WHERE "${column}" IS NOT NULL AND sent_at IS NOT NULL AND deleted_at IS NULL;`);
    }
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_sms_attribution_stats" ON "sms_attribution" ("attributed_at") INCLUDE ("recovery_id", "campaign_id", "step_position", "variant_id", "model", "currency_code", "raw_amount") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    for (const [name, table] of Object.entries(TRIGGER_TABLES)) {
      this.addSql(`DROP TRIGGER IF EXISTS ${name} ON ${table};`);
    }
    for (const fn of [
      ...Object.keys(TRIGGER_TABLES).filter((name) => name !== "sms_stats_recovery_campaign"),
      "sms_stats_recovery_campaign",
    ]) {
      this.addSql(`DROP FUNCTION IF EXISTS ${fn}();`);
    }
    this.addSql(`DROP FUNCTION IF EXISTS sms_stats_lock_keys(text[]);`);
    this.addSql(`DROP FUNCTION IF EXISTS sms_stats_merge();`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_attribution_stats";`);
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_attribution_recovery_id";`);
    for (const column of ["prev_recovery_sent_at", "prev_phone_sent_at", "prev_campaign_phone_sent_at"]) {
      this.addSql(`DROP INDEX IF EXISTS "IDX_sms_message_${column}";`);
    }
    this.addSql(`DROP INDEX IF EXISTS "IDX_sms_message_stats_sent";`);
    this.addSql(`drop table if exists "sms_stats_audience_daily";`);
    this.addSql(`drop table if exists "sms_stats_daily";`);
    for (const column of ["campaign_id", "step_position", "variant_id"]) {
      this.addSql(`alter table if exists "sms_attribution" drop column if exists "${column}";`);
    }
    for (const column of ["campaign_id", "recovery_won", "prev_recovery_sent_at", "prev_phone_sent_at", "prev_campaign_phone_sent_at"]) {
      this.addSql(`alter table if exists "sms_message" drop column if exists "${column}";`);
    }
    this.addSql(STATS_SENT_INDEX_BEFORE);
  }

}
