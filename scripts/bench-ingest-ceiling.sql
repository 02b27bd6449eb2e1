-- The ingest transaction of lib/server/services/ingest.ts, for pgbench: the database's own ceiling for
-- uploads (no HTTP, no parsing, no matching), run by scripts/bench-ingest.ts with -M prepared.
-- Keep it in step with ingestPanic's statements. One round trip per transaction (a pipeline), as the
-- app's two: the ceiling is what PostgreSQL can commit, not what a client's round trips allow.
-- Random hosts out of :hosts and signatures out of :signatures; a ~3 KB text unique per transaction.
\set host random(1, :hosts)
\set sig random(1, :signatures)
\set salt random(1, 2000000000)
\startpipeline
BEGIN;
SELECT pg_advisory_xact_lock_shared(482049272163);
WITH h AS (
  INSERT INTO hosts (hostname, updated_at) VALUES ('ceiling-' || :host::text || '.example.com', now())
  ON CONFLICT (hostname) DO UPDATE SET updated_at = now()
  RETURNING current_kernel
), s AS (
  INSERT INTO signatures (fingerprint, kind, title, known_bug_id, first_seen_at, last_seen_at)
  VALUES ('ceiling-sig-' || :sig::text, 'oops', 'BUG: unable to handle kernel NULL pointer dereference', NULL, now(), now())
  ON CONFLICT (fingerprint) DO NOTHING
)
SELECT current_kernel, (SELECT value FROM app_state WHERE key = 'catalogue_version') AS catalogue_version FROM h;
WITH ids AS (
  SELECT (SELECT id FROM hosts WHERE hostname = 'ceiling-' || :host::text || '.example.com') AS host_id,
    (SELECT id FROM signatures WHERE fingerprint = 'ceiling-sig-' || :sig::text) AS signature_id
), p AS (
  INSERT INTO panics (host_id, raw_text, sha256, crash_time, source, kernel_release, rhel_release, kind, title, message,
    panicked, signature_id, known_bug_id, match_rule, match_confidence, match_regression, parsed)
  SELECT ids.host_id, (SELECT string_agg(md5(:salt::text || i::text || random()::text), E'\n') FROM generate_series(1, 96) i), encode(sha256((:salt::text || random()::text)::bytea), 'hex'),
    now(), 'api', '3.10.0-1160.el7.x86_64', '7.9', 'oops', 'BUG: unable to handle kernel NULL pointer dereference',
    'BUG: unable to handle kernel NULL pointer dereference at 0000000000000008', true, ids.signature_id, NULL, NULL, NULL,
    false, ('{"kind":"oops","frames":"' || repeat('tcp_v4_rcv+0x5a/0x8c0 ', 40) || '"}')::jsonb FROM ids
  ON CONFLICT (host_id, sha256) DO NOTHING
  RETURNING id
), kernel AS (
  INSERT INTO host_kernels (host_id, kernel_release, first_seen_at, last_seen_at, source)
  SELECT ids.host_id, '3.10.0-1160.el7.x86_64', now(), now(), 'panic' FROM ids WHERE EXISTS (SELECT 1 FROM p)
  ON CONFLICT (host_id, kernel_release) DO UPDATE SET
    first_seen_at = LEAST(host_kernels.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = GREATEST(host_kernels.last_seen_at, EXCLUDED.last_seen_at)
)
SELECT (SELECT id FROM p)::text AS id, ids.host_id, ids.signature_id,
  NOT EXISTS (SELECT 1 FROM panics WHERE signature_id = ids.signature_id AND host_id = ids.host_id) AS first_in_signature,
  (SELECT array_agg(DISTINCT known_bug_id) FROM panics WHERE host_id = ids.host_id AND known_bug_id IS NOT NULL) AS bug_ids
FROM ids;
UPDATE hosts SET
  panic_count = panic_count + 1,
  first_panic_at = LEAST(COALESCE(first_panic_at, now()), now()),
  last_panic_at = GREATEST(COALESCE(last_panic_at, now()), now()),
  current_kernel = '3.10.0-1160.el7.x86_64', rhel_release = '7.9',
  needs_update = false, target_kernel = NULL, hardening_kernel = NULL, open_bug_ids = '{}', exposure_bug_ids = '{}',
  blocker_bug_ids = '{}', update_computed_at = now()
WHERE hostname = 'ceiling-' || :host::text || '.example.com';
SET CONSTRAINTS ALL IMMEDIATE;
UPDATE signatures SET
  panic_count = panic_count + 1, host_count = host_count + 1,
  first_seen_at = LEAST(first_seen_at, now()), last_seen_at = GREATEST(last_seen_at, now()),
  known_bug_id = COALESCE(known_bug_id, NULL)
WHERE fingerprint = 'ceiling-sig-' || :sig::text;
COMMIT;
\endpipeline
