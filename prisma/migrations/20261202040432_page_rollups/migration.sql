-- Rollups for the fleet-wide pages (docs/scaling.md, "Page render times"): panics per kernel, RHEL
-- release and bug (the Releases and Bugs pages summed ~100,000 per-host rows on every view), and the
-- number of hosts with a panic of each kernel, bug, RHEL release and major (they counted distinct
-- hosts over the same rows). The RHEL release as the panic stores it joins the per-host key, so that a
-- host's releases can be summed from its own rows. The hosts of each top kernel over 30 days (the
-- overview) are read from an index that carries the host, the kernels of a signature's latest panics
-- (the Bugs page) from one that carries the kernel, and hosts per release from one with the verdict.

-- CreateTable
CREATE TABLE "panic_kernel_rollups" (
    "kernel_release" TEXT NOT NULL,
    "rhel_release" TEXT NOT NULL,
    "bug_key" TEXT NOT NULL,
    "shard" SMALLINT NOT NULL,
    "panics" INTEGER NOT NULL,

    CONSTRAINT "panic_kernel_rollups_pkey" PRIMARY KEY ("kernel_release","rhel_release","bug_key","shard")
);

-- CreateTable
CREATE TABLE "panic_host_counts" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "shard" SMALLINT NOT NULL,
    "hosts" INTEGER NOT NULL,

    CONSTRAINT "panic_host_counts_pkey" PRIMARY KEY ("scope","key","shard")
);

-- CreateIndex (each replaces an index without its last column, dropped below once it exists)
CREATE INDEX "panics_kernel_release_crash_time_host_id_idx" ON "panics"("kernel_release", "crash_time" DESC, "host_id");

-- CreateIndex
CREATE INDEX "panics_signature_id_crash_time_kernel_release_idx" ON "panics"("signature_id", "crash_time" DESC, "kernel_release");

-- CreateIndex
CREATE INDEX "hosts_rhel_release_needs_update_idx" ON "hosts"("rhel_release", "needs_update");

-- DropIndex
DROP INDEX "panics_kernel_release_crash_time_idx";

-- DropIndex
DROP INDEX "panics_signature_id_crash_time_idx";

-- DropIndex
DROP INDEX "hosts_rhel_release_idx";

-- DropIndex (the Releases page read hosts per kernel through it: it reads panic_host_counts now)
DROP INDEX "panic_rollups_kernel_release_idx";

-- A host's cell of panic_rollups (host, kernel, bug, release) went from 0 panics to 1 (delta 1) or
-- from 1 to 0 (delta -1): the scopes whose key the host joins (or leaves) by it, in the order their
-- counts are written. It does when its panics under that key, summed over its cells, are now 1 (or
-- 0). Two transactions that change cells of one host at once (a re-match beside an upload) would
-- each miss the other's uncommitted cell: the host's advisory lock orders them, and the second sums
-- the first's committed rows. The bodies are E'' strings with each semicolon written as \073 (the
-- migration runner splits a script at every semicolon).
CREATE FUNCTION "panic_host_scopes_crossed"("h" integer, "k" text, "b" text, "r" text, "delta" integer) RETURNS text[] LANGUAGE plpgsql AS E'
DECLARE
  "sums" record\073
  "now_at" integer := greatest("delta", 0)\073
  "crossed" text[] := \'{}\'\073
BEGIN
  PERFORM pg_advisory_xact_lock(1885433453, "h")\073
  SELECT coalesce(sum("panics") FILTER (WHERE "kernel_release" = "k"), 0) AS "kernel",
      coalesce(sum("panics") FILTER (WHERE "bug_key" = "b"), 0) AS "bug",
      coalesce(sum("panics") FILTER (WHERE "rhel_release" = "r"), 0) AS "release",
      coalesce(sum("panics") FILTER (WHERE "rhel_release" <> \'\' AND split_part("rhel_release", \'.\', 1) = split_part("r", \'.\', 1)), 0) AS "major"
    INTO "sums" FROM "panic_rollups" WHERE "host_id" = "h"\073
  IF "sums"."kernel" = "now_at" THEN "crossed" := "crossed" || \'kernel\'::text\073 END IF\073
  IF "sums"."bug" = "now_at" THEN "crossed" := "crossed" || \'bug\'::text\073 END IF\073
  IF "r" <> \'\' AND "sums"."release" = "now_at" THEN "crossed" := "crossed" || \'release\'::text\073 END IF\073
  IF "r" <> \'\' AND "sums"."major" = "now_at" THEN "crossed" := "crossed" || \'major\'::text\073 END IF\073
  RETURN "crossed"\073
END
';

-- Adds delta to the host count of the host's key in each crossed scope, in one statement (the rows
-- in the order of crossed).
CREATE FUNCTION "panic_host_counts_add"("h" integer, "k" text, "b" text, "r" text, "crossed" text[], "delta" integer) RETURNS void LANGUAGE sql AS E'
  INSERT INTO "panic_host_counts" AS c ("scope", "key", "shard", "hosts")
    SELECT s.scope, CASE s.scope WHEN \'kernel\' THEN "k" WHEN \'bug\' THEN "b" WHEN \'release\' THEN "r" ELSE split_part("r", \'.\', 1) END,
      ("h" % 16)::smallint, "delta"
    FROM unnest("crossed") WITH ORDINALITY AS s(scope, i) ORDER BY s.i
  ON CONFLICT ("scope", "key", "shard") DO UPDATE SET "hosts" = c."hosts" + EXCLUDED."hosts"
';

-- AlterTable (here, just before the trigger function that writes the new key: statements commit one at a
-- time, and until the function is replaced the old one's ON CONFLICT names the old key, so uploads of instances
-- still running during a rolling deploy would fail at commit for as long as the index builds above took)
ALTER TABLE "panic_rollups" DROP CONSTRAINT "panic_rollups_pkey",
ADD COLUMN     "rhel_release" TEXT NOT NULL DEFAULT '',
ADD CONSTRAINT "panic_rollups_pkey" PRIMARY KEY ("host_id", "kernel_release", "bug_key", "rhel_release");

-- The rollups of 20261125010839_panic_rollups (at COMMIT since 20261125023000_rollup_triggers_at_commit),
-- now also per release, with the per-kernel rollup and the host counts. The host's own rows are
-- written and read first, the rows many uploads share last, each held from there to COMMIT: the
-- per-kernel rollup and the host counts are spread over 16 rows per key by host id (readers sum
-- them), so that only the daily row, which every upload of a bug on a day takes, makes uploads queue
-- for each other's commit, as before. The host's advisory lock (see panic_host_scopes_crossed) is taken
-- first, before any of the host's cells: taken after one, an upload that had just inserted a cell and a
-- re-match holding the host's lock while it waits for that cell would deadlock. A panic that changes
-- hosts takes both, the lower id first.
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
      WHERE "day" = (OLD."crash_time" AT TIME ZONE \'UTC\')::date AND "bug_key" = coalesce(OLD."known_bug_id", \'\')\073
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
    INSERT INTO "panic_daily_rollups" ("day", "bug_key", "panics")
      VALUES ((NEW."crash_time" AT TIME ZONE \'UTC\')::date, coalesce(NEW."known_bug_id", \'\'), 1)
      ON CONFLICT ("day", "bug_key") DO UPDATE SET "panics" = "panic_daily_rollups"."panics" + 1\073
  END IF\073
  RETURN NULL\073
END
';

-- A panic's release now moves it between rollup rows too.
DROP TRIGGER "panics_rollup_update" ON "panics";

CREATE CONSTRAINT TRIGGER "panics_rollup_update" AFTER UPDATE OF "host_id", "kernel_release", "rhel_release", "known_bug_id", "crash_time" ON "panics"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (OLD."host_id" IS DISTINCT FROM NEW."host_id" OR OLD."kernel_release" IS DISTINCT FROM NEW."kernel_release"
    OR OLD."rhel_release" IS DISTINCT FROM NEW."rhel_release" OR OLD."known_bug_id" IS DISTINCT FROM NEW."known_bug_id"
    OR OLD."crash_time" IS DISTINCT FROM NEW."crash_time")
  EXECUTE FUNCTION "panics_rollup"();

-- Rebuilds every rollup from the panics (after bulk loads with the triggers disabled).
CREATE OR REPLACE FUNCTION "rebuild_panic_rollups"() RETURNS void LANGUAGE sql AS E'
  TRUNCATE "panic_rollups", "panic_daily_rollups", "panic_kernel_rollups", "panic_host_counts"\073
  INSERT INTO "panic_rollups" ("host_id", "kernel_release", "bug_key", "rhel_release", "panics", "first_at", "last_at")
    SELECT "host_id", coalesce("kernel_release", \'\'), coalesce("known_bug_id", \'\'), coalesce("rhel_release", \'\'), count(*),
      min("crash_time"), max("crash_time")
    FROM "panics" GROUP BY 1, 2, 3, 4\073
  INSERT INTO "panic_daily_rollups" ("day", "bug_key", "panics")
    SELECT ("crash_time" AT TIME ZONE \'UTC\')::date, coalesce("known_bug_id", \'\'), count(*) FROM "panics" GROUP BY 1, 2\073
  INSERT INTO "panic_kernel_rollups" ("kernel_release", "rhel_release", "bug_key", "shard", "panics")
    SELECT "kernel_release", "rhel_release", "bug_key", "host_id" % 16, sum("panics") FROM "panic_rollups" GROUP BY 1, 2, 3, 4\073
  INSERT INTO "panic_host_counts" ("scope", "key", "shard", "hosts")
    SELECT \'kernel\', "kernel_release", "host_id" % 16, count(DISTINCT "host_id") FROM "panic_rollups" GROUP BY 2, 3
    UNION ALL SELECT \'bug\', "bug_key", "host_id" % 16, count(DISTINCT "host_id") FROM "panic_rollups" GROUP BY 2, 3
    UNION ALL SELECT \'release\', "rhel_release", "host_id" % 16, count(DISTINCT "host_id") FROM "panic_rollups"
      WHERE "rhel_release" <> \'\' GROUP BY 2, 3
    UNION ALL SELECT \'major\', split_part("rhel_release", \'.\', 1), "host_id" % 16, count(DISTINCT "host_id") FROM "panic_rollups"
      WHERE "rhel_release" <> \'\' GROUP BY 2, 3\073
';

-- Panics stored while this script ran (each statement commits on its own) are counted again here.
SELECT "rebuild_panic_rollups"();
