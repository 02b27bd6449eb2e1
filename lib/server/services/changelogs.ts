import {
  type ChangelogIndex,
  type ChangelogIndexBuilder,
  createBundledIndexBuilderInSteps,
  comparableOf,
  createChangelogScanner,
  describeBuild,
  type FixQuery,
  type FixSearch,
  findFixes,
  parseChangelog,
} from "../../changelog";
import { compareEvr } from "../../kernel/rpmvercmp";
import { getDb } from "../db";
import { AppError } from "../errors";
import { processState } from "../process-state";

/**
 * Kernel changelogs of the server: the bundled ones (lib/changelog/data, never copied into the
 * database) plus the builds imported into `changelog_builds`, as one history per stream. Imports add
 * only builds that neither holds; the in-memory index for findFixes is loaded on first use and
 * catches up with rows other processes import.
 */

/** How often a process looks for builds other processes imported (one `max(id)` query). */
export const CHANGELOG_POLL_MS = 2_000;
/** Rows per INSERT: el9's whole changelog is about 700 builds and 11 MB. */
const INSERT_CHUNK = 200;
/**
 * Serializes imports across processes (transaction advisory lock), so that ids become visible in
 * id order and a process that has seen id N has seen every row below it.
 */
const IMPORT_LOCK = 0x70620c1a;

interface ChangelogBuildRow {
  stream: string;
  build: string;
  /** ISO date of the header; null when it does not parse. */
  date: string | null;
  author: string;
  email: string | null;
  entries: string[];
}

export interface ReadChangelog {
  builds: ChangelogBuildRow[];
  /** Streams of the builds, most builds first. */
  streams: string[];
  /** Headers without a version (`* Mon Jun 03 2013 Name <mail>`): no build to store them under. */
  unversioned: number;
}

/**
 * Reads a kernel changelog (`rpm -q --changelog` output or a kernel.spec) into builds with their
 * entry lines. Uses the changelog scanner rather than parseChangelog: storing needs the lines, not
 * their parsed fields, and an 11 MB changelog scans several times faster than it parses. A text
 * that is not a changelog is `no_changelog_detected`, with parseChangelog's reason.
 */
export function readChangelog(text: string): ReadChangelog {
  const builds: (Omit<ChangelogBuildRow, "stream" | "build"> & { build: string | null; stream: string | null })[] = [];
  let current: (typeof builds)[number] | null = null;
  const scanner = createChangelogScanner({
    header: (header) => {
      current = {
        build: header.build,
        stream: header.build ? describeBuild(header.build).stream : null,
        date: header.date,
        author: header.author,
        email: header.email,
        entries: [],
      };
      builds.push(current);
    },
    entry: (entry) => void current?.entries.push(entry),
  });
  scanner.write(text);
  const counts = scanner.end();
  const tally = new Map<string, number>();
  for (const build of builds) if (build.stream) tally.set(build.stream, (tally.get(build.stream) ?? 0) + 1);
  const streams = [...tally.entries()].sort((a, b) => b[1] - a[1]).map(([stream]) => stream);
  const fallback = streams[0];
  if (counts.headers === 0 || counts.entries === 0 || fallback === undefined) {
    const parsed = parseChangelog(text);
    const reason = parsed.ok ? "no build names a RHEL kernel" : parsed.reason;
    throw new AppError("no_changelog_detected", `Not a RHEL kernel changelog: ${reason}`, { reason });
  }
  const rows: ChangelogBuildRow[] = [];
  let unversioned = 0;
  const seen = new Set<string>();
  for (const build of builds) {
    if (build.build === null) {
      unversioned++;
      continue;
    }
    const stream = build.stream ?? fallback;
    // A build twice in one text keeps its first copy, as merging does.
    if (seen.has(`${stream} ${build.build}`)) continue;
    seen.add(`${stream} ${build.build}`);
    rows.push({ ...build, build: build.build, stream });
  }
  return { builds: rows, streams, unversioned };
}

interface BundledStream {
  labels: Set<string>;
  entries: number;
  newest: string | null;
}

interface ChangelogState {
  bundled: Map<string, BundledStream>;
  /** Holds the bundled builds; imported ones are added to it and the index is finished again. */
  builder: ChangelogIndexBuilder;
  index: ChangelogIndex;
  lastId: number;
  checkedAt: number;
  /** Bumped by every import in this process that stored rows: the next reader looks for them. */
  imports: number;
  refreshing: Promise<void> | null;
}

// Once per process (processState): Next may bundle this module into several chunks (route handlers,
// pages), which must share one index and see each other's imports at once.
const shared = processState("changelogs", () => ({ state: undefined as Promise<ChangelogState> | undefined }));

async function loadBundled(): Promise<ChangelogState> {
  const builder = await createBundledIndexBuilderInSteps();
  const index = builder.finish();
  const bundled = new Map<string, BundledStream>();
  index.streams.forEach((stream, streamId) => {
    const ids = index.streamBuilds[streamId] ?? new Int32Array(0);
    const labels = new Set<string>();
    for (const id of ids) labels.add(index.buildLabel[id] ?? "");
    const newestId = ids[ids.length - 1];
    bundled.set(stream, {
      labels,
      entries: 0,
      newest: newestId === undefined ? null : (index.buildLabel[newestId] ?? null),
    });
  });
  for (const buildId of index.entryBuild) {
    const stream = bundled.get(index.streams[index.buildStream[buildId] ?? 0] ?? "");
    if (stream) stream.entries++;
  }
  return {
    bundled,
    builder,
    index,
    lastId: 0,
    checkedAt: 0,
    imports: 0,
    refreshing: null,
  };
}

/** The process's changelogs, loaded once (in steps, so requests are served meanwhile); a failed load is tried again. */
function state(): Promise<ChangelogState> {
  shared.state ??= loadBundled().catch((error: unknown) => {
    shared.state = undefined;
    throw error;
  });
  return shared.state;
}

function isBundled(s: ChangelogState, stream: string, build: string): boolean {
  return s.bundled.get(stream)?.labels.has(build) ?? false;
}

async function catchUp(s: ChangelogState): Promise<void> {
  const db = getDb();
  const imports = s.imports;
  const [top] = await db.$queryRaw<{ max: number | null }[]>`SELECT max(id) AS max FROM changelog_builds`;
  // An import that committed while this query ran is looked for again by the next reader.
  s.checkedAt = imports === s.imports ? Date.now() : 0;
  if (!top?.max || top.max <= s.lastId) return;
  const rows = await db.changelogBuild.findMany({
    where: { id: { gt: s.lastId } },
    orderBy: { id: "asc" },
    select: { id: true, stream: true, build: true, date: true, entries: true },
  });
  // From here to the swap nothing awaits: a reader never sees the builder half-fed.
  for (const row of rows) {
    const date = row.date ? row.date.toISOString().slice(0, 10) : null;
    // The builder skips a build it holds (a bundled one imported before the data grew).
    if (s.builder.addBuild(row.build, row.stream, date)) for (const entry of row.entries) s.builder.addEntry(entry);
    s.lastId = Math.max(s.lastId, row.id);
  }
  s.index = s.builder.finish();
}

/**
 * Brings the index up to date with the database: at once after an import in this process, else at
 * most every CHANGELOG_POLL_MS.
 */
async function refreshIndex(): Promise<ChangelogState> {
  const s = await state();
  if (Date.now() - s.checkedAt < CHANGELOG_POLL_MS) return s;
  while (s.refreshing) await s.refreshing;
  if (Date.now() - s.checkedAt < CHANGELOG_POLL_MS) return s;
  s.refreshing = catchUp(s).finally(() => {
    s.refreshing = null;
  });
  await s.refreshing;
  return s;
}

/**
 * Fix candidates for a crash from bundled and imported changelogs (lib/changelog's findFixes). The
 * index is read after the last await: a later refresh swaps in a new index built on the same
 * arrays, so a reader never holds one across an await.
 */
export async function searchChangelogFixes(query: FixQuery): Promise<FixSearch> {
  const s = await refreshIndex();
  return findFixes(s.index, query);
}

export interface ChangelogStreamStatus {
  stream: string;
  /** The newest build known, bundled or imported, in rpm order. */
  newest: string | null;
  builds: number;
  entries: number;
  bundledBuilds: number;
  bundledEntries: number;
  importedBuilds: number;
  importedEntries: number;
  lastImportAt: Date | null;
}

function newerOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return compareEvr(comparableOf(b), comparableOf(a)) > 0 ? b : a;
}

/** Per stream: the newest build known, builds and entries, bundled and imported, and the last import. */
export async function getChangelogStatus(): Promise<ChangelogStreamStatus[]> {
  const s = await state();
  const rows = await getDb().changelogBuild.findMany({
    select: { stream: true, build: true, entryCount: true, createdAt: true },
  });
  const byStream = new Map<string, ChangelogStreamStatus>();
  const statusOf = (stream: string) => {
    let status = byStream.get(stream);
    if (!status) {
      const bundled = s.bundled.get(stream);
      status = {
        stream,
        newest: bundled?.newest ?? null,
        builds: bundled?.labels.size ?? 0,
        entries: bundled?.entries ?? 0,
        bundledBuilds: bundled?.labels.size ?? 0,
        bundledEntries: bundled?.entries ?? 0,
        importedBuilds: 0,
        importedEntries: 0,
        lastImportAt: null,
      };
      byStream.set(stream, status);
    }
    return status;
  };
  for (const stream of s.bundled.keys()) statusOf(stream);
  for (const row of rows) {
    const status = statusOf(row.stream);
    if (!status.lastImportAt || row.createdAt > status.lastImportAt) status.lastImportAt = row.createdAt;
    if (isBundled(s, row.stream, row.build)) continue;
    status.importedBuilds++;
    status.importedEntries += row.entryCount;
    status.builds++;
    status.entries += row.entryCount;
    status.newest = newerOf(status.newest, row.build);
  }
  return [...byStream.values()].sort((a, b) => compareEvr(a.stream, b.stream));
}

export interface KnownChangelogBuild {
  stream: string;
  build: string;
  origin: "bundled" | "imported";
}

/**
 * Whether a build's changelog is known: `3.10.0-1160.119.1.el7` (an arch suffix is ignored). A
 * host whose kernel is known has nothing to send: its changelog holds that build and older ones.
 */
export async function findChangelogBuild(label: string): Promise<KnownChangelogBuild | null> {
  const build = comparableOf(label);
  const stream = describeBuild(build).stream;
  if (!stream) return null;
  if (isBundled(await state(), stream, build)) return { stream, build, origin: "bundled" };
  const row = await getDb().changelogBuild.findUnique({
    where: { stream_build: { stream, build } },
    select: { id: true },
  });
  return row ? { stream, build, origin: "imported" } : null;
}

interface ChangelogImportStream {
  stream: string;
  buildsAdded: number;
  entriesAdded: number;
  /** Builds of the stream known after the import, bundled and imported. */
  builds: number;
  newest: string | null;
}

export interface ChangelogImportResult {
  /** Whether any build was new (201) or the import changed nothing (200). */
  added: boolean;
  streams: ChangelogImportStream[];
}

export interface ChangelogImportOptions {
  source: "api" | "cli";
  /** The API token's name; null for anonymous writes. */
  importedBy: string | null;
}

/**
 * Imports a kernel changelog: builds that are neither bundled nor imported yet are stored, every
 * other build keeps the copy it has. Importing the same text again changes nothing. A text that is
 * not a changelog is `no_changelog_detected` and writes nothing.
 */
export async function importChangelog(text: string, options: ChangelogImportOptions): Promise<ChangelogImportResult> {
  const read = readChangelog(text);
  const s = await state();
  const fresh = read.builds.filter((b) => !isBundled(s, b.stream, b.build));
  const inserted = await getDb().$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${IMPORT_LOCK}::bigint)) AS lock`;
      const created: { stream: string; entryCount: number }[] = [];
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        const rows = await tx.changelogBuild.createManyAndReturn({
          data: fresh.slice(i, i + INSERT_CHUNK).map((b) => ({
            stream: b.stream,
            build: b.build,
            date: b.date ? new Date(`${b.date}T00:00:00Z`) : null,
            author: b.author,
            email: b.email,
            entries: b.entries,
            entryCount: b.entries.length,
            source: options.source,
            importedBy: options.importedBy,
          })),
          skipDuplicates: true,
          select: { stream: true, entryCount: true },
        });
        created.push(...rows);
      }
      return created;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (inserted.length > 0) {
    s.imports++;
    s.checkedAt = 0;
  }
  const status = new Map((await getChangelogStatus()).map((row) => [row.stream, row]));
  const streams = read.streams.map((stream): ChangelogImportStream => {
    const mine = inserted.filter((row) => row.stream === stream);
    return {
      stream,
      buildsAdded: mine.length,
      entriesAdded: mine.reduce((sum, row) => sum + row.entryCount, 0),
      builds: status.get(stream)?.builds ?? 0,
      newest: status.get(stream)?.newest ?? null,
    };
  });
  return { added: inserted.length > 0, streams };
}
