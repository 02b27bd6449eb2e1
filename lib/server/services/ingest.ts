import type pg from "pg";
import { rematchUpload, type UploadAnalysisResult } from "../../kb";
import { analyzeParsedUpload } from "../../kb/analyze-upload";
import { describeKernel, isNewerKernel } from "../../kernel";
import { hostKey } from "../../schemas/common";
import type { PanicUpload } from "../../schemas/panics";
import { getDb } from "../db";
import { inTransaction } from "../db/transaction";
import { AppError } from "../errors";
import { parseUploadForIngest } from "../parse-pool";
import { computeVerdict } from "./host-update";
import {
  CATALOGUE_LOCK,
  CATALOGUE_VERSION_KEY,
  invalidateKnownBugs,
  loadKnownBugs,
  loadVersionedBugs,
} from "./matching";

export interface IngestedPanic {
  id: string;
  url: string;
  host: string;
  kernelRelease: string | null;
  title: string | null;
  signature: string | null;
  bug: { id: string; title: string; fixedIn: string | null } | null;
  regression: boolean;
  needsUpdate: boolean;
}

export type IngestOutcome =
  | { status: "created"; panic: IngestedPanic }
  | { status: "duplicate"; id: string; url: string };

function panicUrl(id: bigint | string): string {
  return `/panics/${id}`;
}

class DuplicateUpload extends Error {}

/** The catalogue changed between matching and storing: match again with the new one. */
class CatalogueChanged extends Error {}

/** One row of a named (prepared once per connection) statement. */
async function queryOne<Row extends pg.QueryResultRow>(client: pg.PoolClient, query: pg.QueryConfig): Promise<Row> {
  const { rows } = await client.query<Row>(query);
  if (!rows[0]) throw new Error("the statement returned no row");
  return rows[0];
}

/**
 * Ingest one crash summary: analyze it (lib/kb analyzeUpload: parse, validate, match against the
 * known bugs), then upsert the host, the signature and the panic, and update the counters and the
 * host's needs-update verdict, in one transaction.
 * The same normalized text for the same host is a duplicate, enforced by a unique index, so that
 * concurrent identical uploads still store one row. The match is made with the cached catalogue and
 * made again when the catalogue changed before the upload could store it (see CATALOGUE_LOCK).
 */
export async function ingestPanic(upload: PanicUpload): Promise<IngestOutcome> {
  const parsed = await parseUploadForIngest(upload.text);
  let catalogue = await loadVersionedBugs();
  const analyzed = analyzeParsedUpload(upload, parsed, catalogue.bugs);
  if (!analyzed.ok) throw new AppError(analyzed.code, analyzed.message, analyzed.details);
  let analysis = analyzed.analysis;
  const { report, sha256, kernelRelease, rhelRelease, title, fingerprint } = analysis;
  // analyzeUpload's hostname is already the key (hostnameSchema): said again, as the SQL below relies on it.
  const hostname = hostKey(analysis.hostname);
  const crashTime = analysis.crashTime ?? new Date();
  const db = getDb();

  for (let attempt = 1; ; attempt++) {
    const { bugs, version } = catalogue;
    const { match } = analysis;
    try {
      const created = await inTransaction(async ({ client, finish }) => {
        // 0. Shared hold on the catalogue lock, before any snapshot is taken: a re-match waits for this
        //    upload, or this upload sees the re-match's new catalogue version in statement 1.
        const catalogueLock = client.query({
          name: "ingest-catalogue-lock",
          text: "SELECT pg_advisory_xact_lock_shared($1)",
          values: [CATALOGUE_LOCK],
        });

        // Locks: the host row is taken first and held to the end, so that concurrent uploads of one
        // host queue and its counters, current kernel and verdict stay exact. Rows that many hosts
        // share are written only by the last statements, which leave together with COMMIT: uploads of
        // one bug from many hosts wait for each other's commit, not for each other's round trips. The
        // rollups (kept by triggers on panics, spread over 16 rows per key by host) come before the
        // signature, the one row every upload of a bug takes, so that it is held only for the commit.

        // 1. The host, locked; the signature inserted when new (an existing one is left alone here).
        //    DO UPDATE ... WHERE false locks an existing host's row without writing a new version of it
        //    (statement 3 writes the one this upload needs); data-modifying CTEs run though unread.
        const hostAndSignature = queryOne<{ catalogue_version: string | null }>(client, {
          name: "ingest-host-signature",
          text: `WITH h AS (
             INSERT INTO hosts (hostname, updated_at) VALUES ($1, now())
             ON CONFLICT (hostname) DO UPDATE SET updated_at = now() WHERE false
           ), s AS (
             INSERT INTO signatures (fingerprint, kind, title, known_bug_id, first_seen_at, last_seen_at)
             VALUES ($2, $3, $4, $5, $6, $6)
             ON CONFLICT (fingerprint) DO NOTHING
           )
           SELECT (SELECT value FROM app_state WHERE key = $7) AS catalogue_version`,
          values: [hostname, fingerprint, report.kind, title, match?.bugId ?? null, crashTime, CATALOGUE_VERSION_KEY],
        });

        // 2. The panic, unless this host has the same text already, and the host's kernel history. It
        //    goes out right behind statement 1 (the pool pipelines) and finds the host and signature
        //    by their keys: it runs after statement 1 holds the host's lock, so its snapshot includes
        //    every earlier upload for the host (its current kernel among them). The sub-statements see
        //    the tables as they were before the insert: "this host's first panic in this signature"
        //    and "the bugs this host panicked on" therefore exclude the new row.
        const panic = queryOne<{
          id: string | null;
          host_id: number;
          current_kernel: string | null;
          signature_id: number;
          first_in_signature: boolean;
          bug_ids: string[] | null;
        }>(client, {
          name: "ingest-panic",
          text: `WITH ids AS (
             SELECT h.id AS host_id, h.current_kernel, (SELECT id FROM signatures WHERE fingerprint = $12) AS signature_id
             FROM hosts h WHERE h.hostname = $1
           ), p AS (
             INSERT INTO panics (host_id, raw_text, sha256, crash_time, source, kernel_release, rhel_release, kind, title, message,
               panicked, signature_id, known_bug_id, match_rule, match_confidence, match_regression, parsed)
             SELECT ids.host_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, ids.signature_id, $13, $14, $15, $16, $17::jsonb FROM ids
             ON CONFLICT (host_id, sha256) DO NOTHING
             RETURNING id
           ), kernel AS (
             INSERT INTO host_kernels (host_id, kernel_release, first_seen_at, last_seen_at, source)
             SELECT ids.host_id, $6, $4, $4, 'panic' FROM ids WHERE $6::text IS NOT NULL AND EXISTS (SELECT 1 FROM p)
             ON CONFLICT (host_id, kernel_release) DO UPDATE SET
               first_seen_at = LEAST(host_kernels.first_seen_at, EXCLUDED.first_seen_at),
               last_seen_at = GREATEST(host_kernels.last_seen_at, EXCLUDED.last_seen_at)
           )
           SELECT (SELECT id FROM p)::text AS id, ids.host_id, ids.current_kernel, ids.signature_id,
             NOT EXISTS (SELECT 1 FROM panics WHERE signature_id = ids.signature_id AND host_id = ids.host_id) AS first_in_signature,
             (SELECT array_agg(DISTINCT known_bug_id) FROM panics WHERE host_id = ids.host_id AND known_bug_id IS NOT NULL) AS bug_ids
           FROM ids`,
          values: [
            hostname,
            upload.text,
            sha256,
            crashTime,
            upload.source,
            kernelRelease,
            rhelRelease,
            report.kind,
            title,
            report.message,
            report.panicked,
            fingerprint,
            match?.bugId ?? null,
            match?.rule ?? null,
            match?.confidence ?? null,
            match?.regression ?? false,
            JSON.stringify(report),
          ],
        });
        const [, stored, inserted] = await Promise.all([catalogueLock, hostAndSignature, panic]);
        if ((stored.catalogue_version ?? "") !== version) throw new CatalogueChanged();
        if (!inserted.id) throw new DuplicateUpload();

        // 3. The host's counters, current kernel and needs-update verdict; the rollups, whose deferred
        //    triggers would otherwise run at COMMIT; the signature's counters and first/last seen; and
        //    COMMIT, in one round trip.
        const currentKernel =
          kernelRelease && isNewerKernel(kernelRelease, inserted.current_kernel)
            ? kernelRelease
            : inserted.current_kernel;
        const bugIds = new Set(inserted.bug_ids ?? []);
        if (match) bugIds.add(match.bugId);
        const verdict = computeVerdict(currentKernel, [...bugIds], bugs);
        await finish(
          {
            name: "ingest-host-counters",
            text: `UPDATE hosts SET
               panic_count = panic_count + 1,
               first_panic_at = LEAST(COALESCE(first_panic_at, $2), $2),
               last_panic_at = GREATEST(COALESCE(last_panic_at, $2), $2),
               current_kernel = $3, rhel_release = $4,
               needs_update = $5, target_kernel = $6, hardening_kernel = $7, open_bug_ids = $8, exposure_bug_ids = $9,
               blocker_bug_ids = $10, update_computed_at = now(), updated_at = now()
             WHERE id = $1`,
            values: [
              inserted.host_id,
              crashTime,
              currentKernel,
              currentKernel ? describeKernel(currentKernel).rhelRelease : null,
              verdict.needs,
              verdict.target,
              verdict.hardening,
              verdict.open,
              verdict.exposure,
              verdict.blockers,
            ],
          },
          { name: "ingest-rollups-now", text: "SET CONSTRAINTS ALL IMMEDIATE" },
          {
            name: "ingest-signature-counters",
            text: `UPDATE signatures SET
               panic_count = panic_count + 1, host_count = host_count + $2::int,
               first_seen_at = LEAST(first_seen_at, $3), last_seen_at = GREATEST(last_seen_at, $3),
               known_bug_id = COALESCE(known_bug_id, $4)
             WHERE id = $1`,
            values: [inserted.signature_id, inserted.first_in_signature ? 1 : 0, crashTime, match?.bugId ?? null],
          },
        );
        return { id: inserted.id, needsUpdate: verdict.needs };
      });

      return {
        status: "created",
        panic: {
          id: created.id.toString(),
          url: panicUrl(created.id),
          host: hostname,
          kernelRelease,
          title,
          signature: fingerprint,
          bug: match ? { id: match.bugId, title: match.bugTitle, fixedIn: match.fixedIn } : null,
          regression: match?.regression ?? false,
          needsUpdate: created.needsUpdate,
        },
      };
    } catch (error) {
      if (error instanceof CatalogueChanged && attempt < 5) {
        invalidateKnownBugs();
        catalogue = await loadVersionedBugs();
        analysis = rematchUpload(analysis, catalogue.bugs);
        continue;
      }
      if (!(error instanceof DuplicateUpload)) throw error;
      const existing = await db.panic.findFirst({ where: { sha256, host: { hostname } }, select: { id: true } });
      if (!existing) throw new Error("duplicate upload vanished");
      return { status: "duplicate", id: existing.id.toString(), url: panicUrl(existing.id) };
    }
  }
}

/**
 * What ingestPanic would make of an upload, or why it would refuse it, without storing anything: the
 * same analysis against the same (cached) catalogue. The Upload page's preview.
 */
export async function previewPanic(upload: PanicUpload): Promise<UploadAnalysisResult> {
  return analyzeParsedUpload(upload, await parseUploadForIngest(upload.text), await loadKnownBugs());
}
