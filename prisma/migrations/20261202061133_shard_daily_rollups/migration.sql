-- The daily rollup spread over 16 rows per day and bug, by host id, as panic_kernel_rollups already is
-- (readers sum them). Every upload of one bug on one day took the same row at COMMIT and held it
-- through its WAL flush, so that a storm of uploads (a fleet rebooting after a bad kernel) queued on
-- it one commit at a time: in the upload benchmark most waiting backends waited on that row. The
-- existing rows become shard 0, which keeps every sum exact.

-- AlterTable (here, just before the trigger function that writes the new key, for the reason given in
-- 20261202040432_page_rollups: until the function is replaced, the old one's ON CONFLICT names the old key)
ALTER TABLE "panic_daily_rollups" DROP CONSTRAINT "panic_daily_rollups_pkey",
ADD COLUMN     "shard" SMALLINT NOT NULL DEFAULT 0,
ADD CONSTRAINT "panic_daily_rollups_pkey" PRIMARY KEY ("day", "bug_key", "shard");

ALTER TABLE "panic_daily_rollups" ALTER COLUMN "shard" DROP DEFAULT;

-- The trigger function of 20261202040432_page_rollups with the daily rollup's shard in its key.
CREATE OR REPLACE FUNCTION "panics_rollup"() RETURNS trigger LANGUAGE plpgsql AS E'
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
';
