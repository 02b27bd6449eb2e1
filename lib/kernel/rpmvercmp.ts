/**
 * rpm's version comparison, ported from rpmio/rpmvercmp.cc (rpm-software-management/rpm).
 * See shared/domain/formats.md (d) for the algorithm; rpm's own test vectors are in rpmvercmp.test.ts.
 */

export type CompareResult = -1 | 0 | 1;

/** ASCII-only on purpose: rpm uses its locale-independent risalnum/risdigit/risalpha. */
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

function isAlpha(c: string | undefined): boolean {
  return c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
}

function isAlnum(c: string | undefined): boolean {
  return isDigit(c) || isAlpha(c);
}

function isSeparator(c: string | undefined): boolean {
  return c !== undefined && !isAlnum(c) && c !== "~" && c !== "^";
}

/** C strcmp on ASCII segments: sign of the first differing code unit, shorter prefix first. */
function strcmp(a: string, b: string): CompareResult {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Compares two version (or release) strings exactly as rpm's `rpmvercmp()` does.
 * Returns 1 when `a` is newer, -1 when `b` is newer, 0 when rpm considers them equal
 * (which includes strings that differ only in separators: `2.0` == `2_0`).
 */
export function rpmvercmp(a: string, b: string): CompareResult {
  if (a === b) return 0;

  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a[i])) i++;
    while (j < b.length && isSeparator(b[j])) j++;

    // `~` sorts before everything, even the end of the string: 1.0~rc1 < 1.0.
    if (a[i] === "~" || b[j] === "~") {
      if (a[i] !== "~") return 1;
      if (b[j] !== "~") return -1;
      i++;
      j++;
      continue;
    }

    // `^` sorts after the end of the string but before any other segment: 1.0 < 1.0^git1 < 1.0.1.
    if (a[i] === "^" || b[j] === "^") {
      if (i >= a.length) return -1;
      if (j >= b.length) return 1;
      if (a[i] !== "^") return 1;
      if (b[j] !== "^") return -1;
      i++;
      j++;
      continue;
    }

    if (i >= a.length || j >= b.length) break;

    // The segment type follows `a`; `b` contributes a run of the same type (possibly empty).
    const isNumeric = isDigit(a[i]);
    const inSegment = isNumeric ? isDigit : isAlpha;
    const startA = i;
    const startB = j;
    while (i < a.length && inSegment(a[i])) i++;
    while (j < b.length && inSegment(b[j])) j++;
    let segA = a.slice(startA, i);
    let segB = b.slice(startB, j);

    // Segments of different types: numeric beats alpha.
    if (segB.length === 0) return isNumeric ? 1 : -1;

    if (isNumeric) {
      // No integer conversion, so arbitrarily long numbers compare correctly and 10.0001 == 10.1.
      segA = segA.replace(/^0+/, "");
      segB = segB.replace(/^0+/, "");
      if (segA.length > segB.length) return 1;
      if (segB.length > segA.length) return -1;
    }
    const cmp = strcmp(segA, segB);
    if (cmp !== 0) return cmp;
  }

  if (i >= a.length && j >= b.length) return 0;
  return i < a.length ? 1 : -1;
}

export interface Evr {
  epoch: number;
  version: string;
  release: string | null;
}

/**
 * Splits `[epoch:]version[-release]` the way rpm does: the epoch is the leading digits before the
 * first `:`, the release is what follows the last `-`.
 */
export function parseEvr(evr: string): Evr {
  let rest = evr.trim();
  let epoch = 0;
  const colon = rest.indexOf(":");
  if (colon > 0 && /^\d+$/.test(rest.slice(0, colon))) {
    epoch = Number.parseInt(rest.slice(0, colon), 10);
    rest = rest.slice(colon + 1);
  }
  const dash = rest.lastIndexOf("-");
  if (dash < 0) return { epoch, version: rest, release: null };
  return { epoch, version: rest.slice(0, dash), release: rest.slice(dash + 1) };
}

/**
 * Compares two `[epoch:]version[-release]` strings (rpm's rpmVersionCompare): epoch as an integer
 * (missing = 0), then version, then release with {@link rpmvercmp}. A release missing on either
 * side is not compared, as in rpm's dependency matching (`1.0` matches `1.0-3`).
 */
export function compareEvr(a: string | Evr, b: string | Evr): CompareResult {
  const x = typeof a === "string" ? parseEvr(a) : a;
  const y = typeof b === "string" ? parseEvr(b) : b;
  if (x.epoch !== y.epoch) return x.epoch > y.epoch ? 1 : -1;
  const byVersion = rpmvercmp(x.version, y.version);
  if (byVersion !== 0) return byVersion;
  if (x.release === null || y.release === null) return 0;
  return rpmvercmp(x.release, y.release);
}
