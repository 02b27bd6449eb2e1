export { comparableOf, describeBuild, firstReleaseOf, type BuildInfo, type FirstRelease } from "./builds";
export { buildIndex, ChangelogIndexBuilder, summaryKey, type ChangelogIndex } from "./changelog-index";
export {
  findFixes,
  findFixesForCrash,
  fixQueryFromCrash,
  type FixCandidate,
  type FixQuery,
  type FixSearch,
  type MatchedName,
  type MatchRole,
  type OtherStreamFix,
} from "./find-fixes";
export {
  BUNDLED_STREAMS,
  type BundledStream,
  createBundledIndexBuilder,
  createBundledIndexBuilderInSteps,
  loadBundledChangelogs,
  loadBundledHistory,
} from "./load-bundled";
export { mergeBuilds, mergeIntoHistories, type MergeResult, type MergeSummary } from "./merge";
export {
  createChangelogScanner,
  parseChangelog,
  parseEntryText,
  type BuildHeader,
  type ChangelogSink,
  type ParseChangelogOptions,
  type ScanCounts,
} from "./parse-changelog";
export { COMMON_FRAMES, extractIdentifiers, forEachTerm, hasCrashWords } from "./terms";
export type { ChangelogBuild, ChangelogEntry, ChangelogHistory, ParseChangelogResult } from "./types";
