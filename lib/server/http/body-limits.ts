/**
 * How large a request body may be, for each kind of request, derived from the one summary limit
 * (PANICBOARD_MAX_UPLOAD_BYTES). Pure, so that next.config.ts sets Next's own limits from the same
 * numbers the route handlers check.
 */

/** Summaries in one JSON `items` array or one multipart request. */
export const MAX_BATCH_ITEMS = 100;
/** Room per item for its other fields, JSON keys and multipart part headers. */
const ITEM_OVERHEAD_BYTES = 4 * 1024;
/** A kernel report (`{ kernelRelease, bootedAt }`) is a few hundred bytes. */
const KERNEL_REPORT_BYTES = 64 * 1024;

export interface BodyLimits {
  /** One summary: a text/plain upload, one file or one JSON `text` once decoded. */
  summary: number;
  /** A JSON or multipart request to POST /api/panics. */
  batch: number;
  /** A request of the Upload page (one summary per server action call). */
  serverAction: number;
  /**
   * What Next buffers of a body for proxy.ts. Next cuts a longer body short without an error, so this
   * must exceed every limit above: a body over a route's limit then still arrives over that limit and
   * is refused as too_large instead of being stored truncated.
   */
  proxy: number;
}

/** `otherRoutes`: the body limits of routes that read bodies of their own (a kernel changelog). */
export function bodyLimits(summaryBytes: number, otherRoutes: readonly number[] = []): BodyLimits {
  // A request holds one summary of the full size, or many smaller ones, plus their fields. Twice the
  // summary limit leaves room for JSON's escapes (each line end becomes `\n`), without letting a
  // request buffer a hundred summaries' worth of memory.
  const batch = 2 * summaryBytes + MAX_BATCH_ITEMS * ITEM_OVERHEAD_BYTES;
  // The browser sends a pasted text as multipart, whose encoding turns every LF into CRLF: a summary
  // at the limit may arrive up to twice as large (a text of blank lines).
  const serverAction = 2 * summaryBytes + 64 * 1024;
  return {
    summary: summaryBytes,
    batch,
    serverAction,
    proxy: Math.max(batch, serverAction, KERNEL_REPORT_BYTES, ...otherRoutes) + 1,
  };
}
