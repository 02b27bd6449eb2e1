export {
  canonicalJson,
  catalogueHash,
  loadCatalogue,
  validateKnownBugs,
  type CatalogueIssue,
  type ValidatedBugs,
} from "./catalogue";
export {
  analyzeUpload,
  normalizeForHash,
  rematchUpload,
  sha256Hex,
  type UploadAnalysis,
  type UploadAnalysisResult,
  type UploadInput,
  type UploadRejectionCode,
} from "./analyze-upload";
export { deriveMatchRules, storedReports } from "./derive-rules";
export {
  describeFirstRelease,
  describeMatch,
  fixCandidateKey,
  isFixOfKnownBug,
  prefillFromFix,
  webLinksOf,
  type FixCandidateFields,
  type KnownBugPrefill,
  type TrackedBug,
} from "./fix-prefill";
export { compareStreamKernels, fixKernelsOf, fixStatusOf, type FixStatus, type KernelFixInfo } from "./fix-status";
export {
  REGRESSION_NOTE,
  bestMatch,
  evaluateRule,
  matchKnownBug,
  matchKnownBugs,
  type BugMatch,
  type MatchableCrash,
  type MatchEvidence,
  type MatchResult,
  type PanicMatch,
} from "./match";
export {
  computeHostUpdate,
  type BugUpdateItem,
  type HostUpdate,
  type HostUpdateInput,
} from "./needs-update";
export {
  BUG_CONFIDENCES,
  KB_STREAMS,
  knownBugSchema,
  matchRuleSchema,
  referenceSchema,
  streamFixSchema,
  type BugConfidence,
  type BugReference,
  type KbStream,
  type KnownBug,
  type KnownBugInput,
  type MatchRule,
  type StreamFix,
} from "./schema";
