-- CreateTable
CREATE TABLE "panic_rollups" (
    "host_id" INTEGER NOT NULL,
    "kernel_release" TEXT NOT NULL,
    "bug_key" TEXT NOT NULL,
    "panics" INTEGER NOT NULL,
    "first_at" TIMESTAMPTZ(3) NOT NULL,
    "last_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "panic_rollups_pkey" PRIMARY KEY ("host_id","kernel_release","bug_key")
);

-- CreateTable
CREATE TABLE "panic_daily_rollups" (
    "day" DATE NOT NULL,
    "bug_key" TEXT NOT NULL,
    "panics" INTEGER NOT NULL,

    CONSTRAINT "panic_daily_rollups_pkey" PRIMARY KEY ("day","bug_key")
);

-- CreateIndex
CREATE INDEX "panic_rollups_bug_key_host_id_idx" ON "panic_rollups"("bug_key", "host_id");

-- CreateIndex
CREATE INDEX "panic_rollups_kernel_release_idx" ON "panic_rollups"("kernel_release");

-- Keep both rollups in step with panics: +1 on insert, -1 on delete, both on a change of host, kernel,
-- known bug or crash time (re-matching moves panics between bugs). Rows that fall to 0 stay and are
-- filtered out by the readers, and first_at/last_at are the extremes ever counted in the row.
-- The function bodies are E'' strings with each semicolon written as \073: the migration runner
-- (Prisma's WASM engine through @prisma/adapter-pg) splits a script at every semicolon, dollar quotes and comments included.
CREATE FUNCTION "panics_rollup"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = \'UPDATE\' OR TG_OP = \'DELETE\' THEN
    UPDATE "panic_rollups" SET "panics" = "panics" - 1
      WHERE "host_id" = OLD."host_id" AND "kernel_release" = coalesce(OLD."kernel_release", \'\') AND "bug_key" = coalesce(OLD."known_bug_id", \'\')\073
    UPDATE "panic_daily_rollups" SET "panics" = "panics" - 1
      WHERE "day" = (OLD."crash_time" AT TIME ZONE \'UTC\')::date AND "bug_key" = coalesce(OLD."known_bug_id", \'\')\073
  END IF\073
  IF TG_OP = \'UPDATE\' OR TG_OP = \'INSERT\' THEN
    INSERT INTO "panic_rollups" ("host_id", "kernel_release", "bug_key", "panics", "first_at", "last_at")
      VALUES (NEW."host_id", coalesce(NEW."kernel_release", \'\'), coalesce(NEW."known_bug_id", \'\'), 1, NEW."crash_time", NEW."crash_time")
      ON CONFLICT ("host_id", "kernel_release", "bug_key") DO UPDATE SET "panics" = "panic_rollups"."panics" + 1,
        "first_at" = LEAST("panic_rollups"."first_at", EXCLUDED."first_at"), "last_at" = GREATEST("panic_rollups"."last_at", EXCLUDED."last_at")\073
    INSERT INTO "panic_daily_rollups" ("day", "bug_key", "panics")
      VALUES ((NEW."crash_time" AT TIME ZONE \'UTC\')::date, coalesce(NEW."known_bug_id", \'\'), 1)
      ON CONFLICT ("day", "bug_key") DO UPDATE SET "panics" = "panic_daily_rollups"."panics" + 1\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER "panics_rollup_insert_delete" AFTER INSERT OR DELETE ON "panics"
  FOR EACH ROW EXECUTE FUNCTION "panics_rollup"();

CREATE TRIGGER "panics_rollup_update" AFTER UPDATE OF "host_id", "kernel_release", "known_bug_id", "crash_time" ON "panics"
  FOR EACH ROW
  WHEN (OLD."host_id" IS DISTINCT FROM NEW."host_id" OR OLD."kernel_release" IS DISTINCT FROM NEW."kernel_release"
    OR OLD."known_bug_id" IS DISTINCT FROM NEW."known_bug_id" OR OLD."crash_time" IS DISTINCT FROM NEW."crash_time")
  EXECUTE FUNCTION "panics_rollup"();

-- Rebuilds both rollups from the panics (after bulk loads with the triggers disabled).
CREATE FUNCTION "rebuild_panic_rollups"() RETURNS void LANGUAGE sql AS E'
  TRUNCATE "panic_rollups", "panic_daily_rollups"\073
  INSERT INTO "panic_rollups" ("host_id", "kernel_release", "bug_key", "panics", "first_at", "last_at")
    SELECT "host_id", coalesce("kernel_release", \'\'), coalesce("known_bug_id", \'\'), count(*), min("crash_time"), max("crash_time")
    FROM "panics" GROUP BY 1, 2, 3\073
  INSERT INTO "panic_daily_rollups" ("day", "bug_key", "panics")
    SELECT ("crash_time" AT TIME ZONE \'UTC\')::date, coalesce("known_bug_id", \'\'), count(*) FROM "panics" GROUP BY 1, 2\073
';

SELECT "rebuild_panic_rollups"();
