import { isSkippedFrame, LINUX_STACK_PARAMS, normalizeFunction, stripFramePrefixes } from "./stack-params";

/**
 * The lock sites of a lockdep deadlock report: what tells one deadlock from another when the title
 * (`possible deadlock in <first site>`) is shared. They are the functions on the `at:` lines of the
 * locks involved (`is trying to acquire lock: ... at: f`, `but task is already holding lock: ... at: g`,
 * `takes: ... at: h`) and the first caller outside the locking machinery in each stack that says where
 * a link of the chain was made (`-> #1 (&lock){+.+.}:`, `... which became HARDIRQ-irq-safe at:`,
 * `{SOFTIRQ-ON-W} state was registered at:`, `... acquired at:`). The report's tail (`other info that
 * might help us debug this`, the held-locks list, the usage dumps, `stack backtrace:`) varies from run to
 * run and is left out. Names are normalized and returned sorted and unique, so the order lockdep found
 * the chain in does not matter.
 */
const SITE_RE =
  /(?:^|[ ,])at: (?:\[<?(?:0x)?[0-9a-f]{1,16}>?\] {1,4})?(?::[\w-]{1,64}:)?([A-Za-z_][\w.]{0,200})\+0x[0-9a-f]{1,16}/;
const LINK_RE = /^-> #\d{1,4} |which became .{1,80} at:$|state was registered at:$|\.\.\. acquired at:$/;
const END_RE =
  /other info that might help us debug this|stack backtrace:|^Call Trace:|^Call trace:|^ {0,8}\d{1,4} locks? held by /;
const MAX_SITES = 16;

export function findLockSites(texts: readonly string[]): string[] {
  const sites = new Set<string>();
  let awaitingCaller = false;
  for (const raw of texts) {
    const text = raw.trim();
    if (END_RE.test(text)) break;
    if (LINK_RE.test(text)) {
      awaitingCaller = true;
      continue;
    }
    const at = SITE_RE.exec(text);
    if (at) {
      add(sites, at[1] ?? "");
      continue;
    }
    if (!awaitingCaller) continue;
    for (const re of LINUX_STACK_PARAMS.frames) {
      const m = re.exec(raw);
      if (!m) continue;
      if (add(sites, m[1] ?? "")) awaitingCaller = false;
      break;
    }
    if (sites.size >= MAX_SITES) break;
  }
  return [...sites].sort();
}

/** Adds a site unless it is locking machinery; true when added. */
function add(sites: Set<string>, name: string): boolean {
  const fn = normalizeFunction(stripFramePrefixes(name));
  if (fn === "" || isSkippedFrame(fn) || LOCK_MACHINERY_RE.test(fn)) return false;
  sites.add(fn);
  return true;
}

/** Lock primitives beyond the shared skip list: a site names the caller, not how it locked. */
const LOCK_MACHINERY_RE =
  /^_{0,3}(?:raw_)?(?:spin|read|write|mutex|rt_mutex|rwsem|percpu_down|percpu_up|ww_mutex)_|^_{0,3}(?:down|up)(?:_|$)|^rcu_read_(?:un)?lock|^local_bh_/;
