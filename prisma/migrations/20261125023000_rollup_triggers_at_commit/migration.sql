-- The rollup triggers fire at COMMIT instead of at each statement. A panic_daily_rollups row (one
-- per day and bug) is shared by every upload of that day and bug: updated at the insert, its lock
-- was held for the rest of the upload's transaction (two round trips to the app), and concurrent
-- uploads of one bug queued behind it. Deferred, the row is locked only while the transaction
-- commits. Nothing reads the rollups inside a writing transaction, so no reader sees them late.
DROP TRIGGER "panics_rollup_insert_delete" ON "panics";
DROP TRIGGER "panics_rollup_update" ON "panics";

CREATE CONSTRAINT TRIGGER "panics_rollup_insert_delete" AFTER INSERT OR DELETE ON "panics"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION "panics_rollup"();

CREATE CONSTRAINT TRIGGER "panics_rollup_update" AFTER UPDATE OF "host_id", "kernel_release", "known_bug_id", "crash_time" ON "panics"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (OLD."host_id" IS DISTINCT FROM NEW."host_id" OR OLD."kernel_release" IS DISTINCT FROM NEW."kernel_release"
    OR OLD."known_bug_id" IS DISTINCT FROM NEW."known_bug_id" OR OLD."crash_time" IS DISTINCT FROM NEW."crash_time")
  EXECUTE FUNCTION "panics_rollup"();

-- A panic stored between the DROPs and the CREATEs above (each statement of a migration commits on
-- its own) would be missing from the rollups: rebuild them, in one statement.
SELECT "rebuild_panic_rollups"();
