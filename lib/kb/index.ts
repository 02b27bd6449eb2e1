export {
  canonicalJson,
  catalogueHash,
  loadCatalogue,
  validateKnownBugs,
  type CatalogueIssue,
  type ValidatedBugs,
} from "./catalogue";
export { deriveMatchRules } from "./derive-rules";
export { compareStreamKernels, fixKernelsOf, fixStatusOf, type FixStatus, type KernelFixInfo } from "./fix-status";
export {
  REGRESSION_NOTE,
  evaluateRule,
  matchKnownBug,
  matchKnownBugs,
  type BugMatch,
  type MatchableCrash,
  type MatchEvidence,
  type MatchResult,
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
