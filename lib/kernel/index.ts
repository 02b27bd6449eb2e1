export { describeKernel, isNewerKernel, pickCurrentKernel, type KernelFacts } from "./facts";
export { compareEvr, parseEvr, rpmvercmp, type CompareResult, type Evr } from "./rpmvercmp";
export {
  compareKernelReleases,
  normalizeUpstreamVersion,
  parseKernelRelease,
  type InvalidKernelRelease,
  type KernelDistro,
  type KernelRelease,
  type KernelReleaseResult,
} from "./release";
export { RHEL_MINOR_RELEASES, rhelReleaseOf, type RhelMinorRelease, type RhelRelease } from "./rhel-releases";
