/** What became of one file. `failed` is a network error or 5xx that outlived the retries. */
export type FileResult =
  | {
      file: string;
      outcome: "uploaded";
      id: string;
      url: string;
      title: string | null;
      bugId: string | null;
      needsUpdate: boolean;
    }
  | { file: string; outcome: "duplicate"; id: string; url: string }
  | { file: string; outcome: "rejected"; status: number; error: string; message: string }
  | { file: string; outcome: "failed"; message: string };

export interface UploadTotals {
  uploaded: number;
  duplicates: number;
  rejected: number;
  failed: number;
}

export function countResults(results: readonly FileResult[]): UploadTotals {
  const count = (outcome: FileResult["outcome"]) => results.filter((r) => r.outcome === outcome).length;
  return {
    uploaded: count("uploaded"),
    duplicates: count("duplicate"),
    rejected: count("rejected"),
    failed: count("failed"),
  };
}

/** Exit code of an upload run: 0 when every file is stored (new or duplicate), 1 otherwise. */
export function exitCodeFor(results: readonly FileResult[]): number {
  const totals = countResults(results);
  return totals.rejected + totals.failed > 0 ? 1 : 0;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One progress line for a finished file: `[3/12] uploaded  path → url  title`. */
export function formatProgressLine(result: FileResult, index: number, total: number, server: string): string {
  const width = String(total).length;
  const counter = `[${String(index).padStart(width)}/${total}]`;
  switch (result.outcome) {
    case "uploaded": {
      const extras = [
        result.bugId ? `known bug ${result.bugId}` : null,
        result.needsUpdate ? "host needs a kernel update" : null,
      ].filter(Boolean);
      return `${counter} uploaded  ${result.file} → ${server}${result.url}  ${result.title ?? ""}${extras.length ? ` (${extras.join(", ")})` : ""}`.trimEnd();
    }
    case "duplicate":
      return `${counter} duplicate ${result.file} → ${server}${result.url}`;
    case "rejected":
      return `${counter} rejected  ${result.file}: ${result.status} ${result.error}: ${result.message}`;
    case "failed":
      return `${counter} failed    ${result.file}: ${result.message}`;
  }
}

/** The closing summary: totals, then each rejected or failed file with its reason. */
export function formatSummary(results: readonly FileResult[]): string {
  const totals = countResults(results);
  const parts = [`${totals.uploaded} uploaded`, plural(totals.duplicates, "duplicate"), `${totals.rejected} rejected`];
  if (totals.failed) parts.push(`${totals.failed} failed`);
  const lines = [`${plural(results.length, "file")}: ${parts.join(", ")}`];
  const rejected = results.filter((r) => r.outcome === "rejected");
  if (rejected.length) {
    lines.push("rejected:");
    for (const r of rejected) lines.push(`  ${r.file}: ${r.status} ${r.error}: ${r.message}`);
  }
  const failed = results.filter((r) => r.outcome === "failed");
  if (failed.length) {
    lines.push("failed (not stored; re-run to retry, duplicates are recognized):");
    for (const r of failed) lines.push(`  ${r.file}: ${r.message}`);
  }
  return `${lines.join("\n")}\n`;
}
