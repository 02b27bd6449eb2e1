-- Host names are case-insensitive (as DNS names are): Web01, web01 and WEB01 are one host, stored
-- under the lower-case name (lib/schemas/common.ts hostKey). Existing spellings of one name are
-- merged into the oldest row: its panics, kernel history, counters and times. Two spellings that
-- stored the same text (same sha256) held one crash uploaded twice: the first upload is kept, as a
-- re-upload to one host would have been answered "duplicate". The counters and rollups of the
-- merged hosts are then recounted from their panics, and every host's verdict is marked outdated so
-- that start-up recomputes it with the catalogue. Each statement commits on its own (the runner
-- splits the script at semicolons), so the rollup triggers have fired before the recount.

CREATE TABLE "_host_merge" AS
  SELECT h."id" AS "old_id", k."keep_id"
  FROM "hosts" h
  JOIN (SELECT lower("hostname") AS "host_key", min("id") AS "keep_id" FROM "hosts" GROUP BY 1 HAVING count(*) > 1) k
    ON lower(h."hostname") = k."host_key"
  WHERE h."id" <> k."keep_id";

CREATE TABLE "_host_merge_signatures" AS
  SELECT DISTINCT "signature_id" FROM "panics"
  WHERE "signature_id" IS NOT NULL
    AND "host_id" IN (SELECT "old_id" FROM "_host_merge" UNION SELECT "keep_id" FROM "_host_merge");

-- The same text under two spellings: keep the first upload.
DELETE FROM "panics" p USING (
  SELECT q."id", row_number() OVER (PARTITION BY coalesce(m."keep_id", q."host_id"), q."sha256" ORDER BY q."id") AS "n"
  FROM "panics" q LEFT JOIN "_host_merge" m ON m."old_id" = q."host_id"
  WHERE q."host_id" IN (SELECT "old_id" FROM "_host_merge" UNION SELECT "keep_id" FROM "_host_merge")
) d
WHERE p."id" = d."id" AND d."n" > 1;

UPDATE "panics" p SET "host_id" = m."keep_id" FROM "_host_merge" m WHERE p."host_id" = m."old_id";

INSERT INTO "host_kernels" ("host_id", "kernel_release", "first_seen_at", "last_seen_at", "source")
  SELECT m."keep_id", k."kernel_release", min(k."first_seen_at"), max(k."last_seen_at"),
    (array_agg(k."source" ORDER BY k."last_seen_at" DESC))[1]
  FROM "host_kernels" k JOIN "_host_merge" m ON m."old_id" = k."host_id"
  GROUP BY 1, 2
ON CONFLICT ("host_id", "kernel_release") DO UPDATE SET
  "first_seen_at" = LEAST("host_kernels"."first_seen_at", EXCLUDED."first_seen_at"),
  "last_seen_at" = GREATEST("host_kernels"."last_seen_at", EXCLUDED."last_seen_at"),
  "source" = CASE WHEN EXCLUDED."last_seen_at" > "host_kernels"."last_seen_at" THEN EXCLUDED."source" ELSE "host_kernels"."source" END;

-- The running kernel (and its verdict, until start-up recomputes it) of the spelling that reported
-- last: by inventory first, else by any upload. "Needs update" stays set when any spelling needed one.
UPDATE "hosts" h SET
  "current_kernel" = l."current_kernel", "rhel_release" = l."rhel_release", "target_kernel" = l."target_kernel",
  "hardening_kernel" = l."hardening_kernel", "open_bug_ids" = l."open_bug_ids", "exposure_bug_ids" = l."exposure_bug_ids",
  "blocker_bug_ids" = l."blocker_bug_ids", "kernel_reported_at" = a."kernel_reported_at", "needs_update" = a."needs_update",
  "created_at" = a."created_at", "updated_at" = now()
FROM (
  SELECT DISTINCT ON (g."keep_id") g."keep_id", x.*
  FROM (SELECT "keep_id", "old_id" AS "member" FROM "_host_merge" UNION SELECT "keep_id", "keep_id" FROM "_host_merge") g
  JOIN "hosts" x ON x."id" = g."member"
  ORDER BY g."keep_id", x."kernel_reported_at" DESC NULLS LAST, x."updated_at" DESC
) l
JOIN (
  SELECT g."keep_id", max(x."kernel_reported_at") AS "kernel_reported_at", bool_or(x."needs_update") AS "needs_update",
    min(x."created_at") AS "created_at"
  FROM (SELECT "keep_id", "old_id" AS "member" FROM "_host_merge" UNION SELECT "keep_id", "keep_id" FROM "_host_merge") g
  JOIN "hosts" x ON x."id" = g."member"
  GROUP BY 1
) a ON a."keep_id" = l."keep_id"
WHERE h."id" = l."keep_id";

DELETE FROM "hosts" WHERE "id" IN (SELECT "old_id" FROM "_host_merge");

UPDATE "hosts" SET "hostname" = lower("hostname") WHERE "hostname" <> lower("hostname");

ALTER TABLE "hosts" ADD CONSTRAINT "hosts_hostname_lower_case" CHECK ("hostname" = lower("hostname"));

-- Recounts from the panics.
UPDATE "hosts" h SET "panic_count" = c."panics", "first_panic_at" = c."first_at", "last_panic_at" = c."last_at"
FROM (
  SELECT k."keep_id", count(p."id")::int AS "panics", min(p."crash_time") AS "first_at", max(p."crash_time") AS "last_at"
  FROM (SELECT DISTINCT "keep_id" FROM "_host_merge") k LEFT JOIN "panics" p ON p."host_id" = k."keep_id"
  GROUP BY 1
) c
WHERE h."id" = c."keep_id";

UPDATE "signatures" s SET "panic_count" = c."panics", "host_count" = c."hosts"
FROM (
  SELECT m."signature_id", count(p."id")::int AS "panics", count(DISTINCT p."host_id")::int AS "hosts"
  FROM "_host_merge_signatures" m LEFT JOIN "panics" p ON p."signature_id" = m."signature_id"
  GROUP BY 1
) c
WHERE s."id" = c."signature_id";

DELETE FROM "panic_rollups" WHERE "host_id" IN (SELECT "old_id" FROM "_host_merge" UNION SELECT "keep_id" FROM "_host_merge");

INSERT INTO "panic_rollups" ("host_id", "kernel_release", "bug_key", "panics", "first_at", "last_at")
  SELECT "host_id", coalesce("kernel_release", ''), coalesce("known_bug_id", ''), count(*), min("crash_time"), max("crash_time")
  FROM "panics" WHERE "host_id" IN (SELECT "keep_id" FROM "_host_merge")
  GROUP BY 1, 2, 3
ON CONFLICT ("host_id", "kernel_release", "bug_key") DO UPDATE SET
  "panics" = EXCLUDED."panics", "first_at" = EXCLUDED."first_at", "last_at" = EXCLUDED."last_at";

UPDATE "app_state" SET "value" = 'outdated: hosts merged by case', "updated_at" = now()
WHERE "key" = 'host_verdict_version' AND EXISTS (SELECT 1 FROM "_host_merge");

DROP TABLE "_host_merge", "_host_merge_signatures";
