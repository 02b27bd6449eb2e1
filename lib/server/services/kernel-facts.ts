/** Moved to lib/kernel/facts.ts; re-exported until scripts/ import it from lib/kernel. */
export { describeKernel, isNewerKernel, type KernelFacts } from "../../kernel/facts";
