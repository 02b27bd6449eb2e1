-- The daily rollup spread over 16 rows per day and bug, by host id, as panic_kernel_rollups already is
-- (readers sum them). Every upload of one bug on one day took the same row at COMMIT and held it through its
-- WAL flush, so that a storm of uploads (a fleet rebooting after a bad kernel) queued on it one commit at a
-- time: in the upload benchmark most waiting backends waited on that row.
--
-- One DO block, so one transaction: the new key, the daily rollup recounted from the panics into its shards,
-- and the trigger function and rebuild_panic_rollups() that write the new key all commit together. Uploads of
-- instances still running meanwhile (a rolling deploy) wait for it at their COMMIT, where their trigger
-- writes this table: their panics are not in the recount and their trigger then adds them under the new key.
-- It takes no other table's lock before panic_daily_rollups', so it cannot deadlock with an upload, which
-- writes this table last. The functions' bodies are dollar-quoted inside the block's E''
-- string, with each semicolon written as \073 (the migration runner splits a script at every semicolon).
DO E'
BEGIN
  -- First, so that no upload writes a row under the old key between the DELETE and the ALTER.
  LOCK TABLE "panic_daily_rollups" IN ACCESS EXCLUSIVE MODE\073
  DELETE FROM "panic_daily_rollups"\073
  ALTER TABLE "panic_daily_rollups" DROP CONSTRAINT "panic_daily_rollups_pkey",
    ADD COLUMN "shard" SMALLINT NOT NULL,
    ADD CONSTRAINT "panic_daily_rollups_pkey" PRIMARY KEY ("day", "bug_key", "shard")\073
  INSERT INTO "panic_daily_rollups" ("day", "bug_key", "shard", "panics")
    SELECT ("crash_time" AT TIME ZONE \'UTC\')::date, coalesce("known_bug_id", \'\'), "host_id" % 16, count(*) FROM "panics"
    GROUP BY 1, 2, 3\073

  -- The trigger function of 20261202040432_page_rollups with the daily rollup\'s shard in its key.
  CREATE OR REPLACE FUNCTION "panics_rollup"() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  "n" integer\073
  "crossed" text[]\073
BEGIN
  IF TG_OP = \'UPDATE\' AND OLD."host_id" <> NEW."host_id" THEN
    PERFORM pg_advisory_xact_lock(1885433453, least(OLD."host_id", NEW."host_id"))\073
    PERFORM pg_advisory_xact_lock(1885433453, greatest(OLD."host_id", NEW."host_id"))\073
  ELSE
    PERFORM pg_advisory_xact_lock(1885433453, CASE WHEN TG_OP = \'DELETE\' THEN OLD."host_id" ELSE NEW."host_id" END)\073
  END IF\073
  IF TG_OP = \'UPDATE\' OR TG_OP = \'DELETE\' THEN
    UPDATE "panic_rollups" SET "panics" = "panics" - 1
      WHERE "host_id" = OLD."host_id" AND "kernel_release" = coalesce(OLD."kernel_release", \'\')
        AND "bug_key" = coalesce(OLD."known_bug_id", \'\') AND "rhel_release" = coalesce(OLD."rhel_release", \'\')
      RETURNING "panics" INTO "n"\073
    IF "n" = 0 THEN
      "crossed" := "panic_host_scopes_crossed"(OLD."host_id", coalesce(OLD."kernel_release", \'\'),
        coalesce(OLD."known_bug_id", \'\'), coalesce(OLD."rhel_release", \'\'), -1)\073
    END IF\073
    UPDATE "panic_kernel_rollups" SET "panics" = "panics" - 1
      WHERE "kernel_release" = coalesce(OLD."kernel_release", \'\') AND "rhel_release" = coalesce(OLD."rhel_release", \'\')
        AND "bug_key" = coalesce(OLD."known_bug_id", \'\') AND "shard" = OLD."host_id" % 16\073
    IF "n" = 0 THEN
      PERFORM "panic_host_counts_add"(OLD."host_id", coalesce(OLD."kernel_release", \'\'), coalesce(OLD."known_bug_id", \'\'),
        coalesce(OLD."rhel_release", \'\'), "crossed", -1)\073
    END IF\073
    UPDATE "panic_daily_rollups" SET "panics" = "panics" - 1
      WHERE "day" = (OLD."crash_time" AT TIME ZONE \'UTC\')::date AND "bug_key" = coalesce(OLD."known_bug_id", \'\')
        AND "shard" = OLD."host_id" % 16\073
  END IF\073
  IF TG_OP = \'UPDATE\' OR TG_OP = \'INSERT\' THEN
    INSERT INTO "panic_rollups" ("host_id", "kernel_release", "bug_key", "rhel_release", "panics", "first_at", "last_at")
      VALUES (NEW."host_id", coalesce(NEW."kernel_release", \'\'), coalesce(NEW."known_bug_id", \'\'), coalesce(NEW."rhel_release", \'\'),
        1, NEW."crash_time", NEW."crash_time")
      ON CONFLICT ("host_id", "kernel_release", "bug_key", "rhel_release") DO UPDATE SET "panics" = "panic_rollups"."panics" + 1,
        "first_at" = LEAST("panic_rollups"."first_at", EXCLUDED."first_at"), "last_at" = GREATEST("panic_rollups"."last_at", EXCLUDED."last_at")
      RETURNING "panics" INTO "n"\073
    IF "n" = 1 THEN
      "crossed" := "panic_host_scopes_crossed"(NEW."host_id", coalesce(NEW."kernel_release", \'\'),
        coalesce(NEW."known_bug_id", \'\'), coalesce(NEW."rhel_release", \'\'), 1)\073
    END IF\073
    INSERT INTO "panic_kernel_rollups" ("kernel_release", "rhel_release", "bug_key", "shard", "panics")
      VALUES (coalesce(NEW."kernel_release", \'\'), coalesce(NEW."rhel_release", \'\'), coalesce(NEW."known_bug_id", \'\'), NEW."host_id" % 16, 1)
      ON CONFLICT ("kernel_release", "rhel_release", "bug_key", "shard") DO UPDATE SET "panics" = "panic_kernel_rollups"."panics" + 1\073
    IF "n" = 1 THEN
      PERFORM "panic_host_counts_add"(NEW."host_id", coalesce(NEW."kernel_release", \'\'), coalesce(NEW."known_bug_id", \'\'),
        coalesce(NEW."rhel_release", \'\'), "crossed", 1)\073
    END IF\073
    INSERT INTO "panic_daily_rollups" ("day", "bug_key", "shard", "panics")
      VALUES ((NEW."crash_time" AT TIME ZONE \'UTC\')::date, coalesce(NEW."known_bug_id", \'\'), NEW."host_id" % 16, 1)
      ON CONFLICT ("day", "bug_key", "shard") DO UPDATE SET "panics" = "panic_daily_rollups"."panics" + 1\073
  END IF\073
  RETURN NULL\073
END
$fn$\073

  -- rebuild_panic_rollups() of 20261202040432_page_rollups, the same way.
  CREATE OR REPLACE FUNCTION "rebuild_panic_rollups"() RETURNS void LANGUAGE sql AS $fn$
  TRUNCATE "panic_rollups", "panic_daily_rollups", "panic_kernel_rollups", "panic_host_counts"\073
  INSERT INTO "panic_rollups" ("host_id", "kernel_release", "bug_key", "rhel_release", "panics", "first_at", "last_at")
    SELECT "host_id", coalesce("kernel_release", \'\'), coalesce("known_bug_id", \'\'), coalesce("rhel_release", \'\'), count(*),
      min("crash_time"), max("crash_time")
    FROM "panics" GROUP BY 1, 2, 3, 4\073
  INSERT INTO "panic_daily_rollups" ("day", "bug_key", "shard", "panics")
    SELECT ("crash_time" AT TIME ZONE \'UTC\')::date, coalesce("known_bug_id", \'\'), "host_id" % 16, count(*) FROM "panics"
    GROUP BY 1, 2, 3\073
  INSERT INTO "panic_kernel_rollups" ("kernel_release", "rhel_release", "bug_key", "shard", "panics")
    SELECT "kernel_release", "rhel_release", "bug_key", "host_id" % 16, sum("panics") FROM "panic_rollups" GROUP BY 1, 2, 3, 4\073
  INSERT INTO "panic_host_counts" ("scope", "key", "shard", "hosts")
    SELECT \'kernel\', "kernel_release", "host_id" % 16, count(DISTINCT "host_id") FROM "panic_rollups" GROUP BY 2, 3
    UNION ALL SELECT \'bug\', "bug_key", "host_id" % 16, count(DISTINCT "host_id") FROM "panic_rollups" GROUP BY 2, 3
    UNION ALL SELECT \'release\', "rhel_release", "host_id" % 16, count(DISTINCT "host_id") FROM "panic_rollups"
      WHERE "rhel_release" <> \'\' GROUP BY 2, 3
    UNION ALL SELECT \'major\', split_part("rhel_release", \'.\', 1), "host_id" % 16, count(DISTINCT "host_id") FROM "panic_rollups"
      WHERE "rhel_release" <> \'\' GROUP BY 2, 3\073
$fn$\073
END
';
