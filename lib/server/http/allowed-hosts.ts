import { lookup, lookupService } from "node:dns/promises";
import { isIP } from "node:net";
import { hostname as osHostname } from "node:os";
import type { Env } from "../../env";

/**
 * Which Host headers the dashboard answers (DNS rebinding). A page on attacker.example whose name
 * the attacker re-points at 127.0.0.1 or a LAN address reaches the dashboard from the victim's
 * browser as same-origin and can read it; its requests still say `Host: attacker.example`, so only
 * names the operator chose are answered: localhost, IP addresses (no name to re-point), the machine's
 * own names, PANICBOARD_PUBLIC_URL's host and PANICBOARD_ALLOWED_HOSTS.
 */
export interface HostPolicy {
  any: boolean;
  names: ReadonlySet<string>;
  /** `.example.com`: example.com and its subdomains. */
  domains: readonly string[];
}

/** The host name of a Host header, lowercase, without port, brackets or trailing dot; null when malformed. */
export function hostOfHeader(header: string): string | null {
  const value = header.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::\d{1,5})?$/.exec(value);
  if (bracketed) return isIP(bracketed[1]!) === 6 ? bracketed[1]! : null;
  const named = /^([a-z0-9_.-]+?)\.?(?::\d{1,5})?$/.exec(value);
  return named ? named[1]! : null;
}

function withShortForm(name: string): string[] {
  const lower = name.toLowerCase().replace(/\.$/, "");
  const short = lower.split(".")[0] ?? lower;
  return short && short !== lower ? [lower, short] : [lower];
}

/** The machine's host name, its short form and the names its addresses resolve back to (its FQDN). */
async function resolveMachineNames(): Promise<string[]> {
  const own = osHostname();
  const names = new Set(withShortForm(own));
  try {
    const addresses = await lookup(own, { all: true });
    const reverse = await Promise.allSettled(addresses.map((a) => lookupService(a.address, 0)));
    for (const r of reverse)
      if (r.status === "fulfilled") for (const n of withShortForm(r.value.hostname)) names.add(n);
  } catch {
    // No DNS for our own name: the names above still hold.
  }
  return [...names];
}

let machineNames: Promise<string[]> | undefined;

/** Resolved once per process; a DNS that does not answer within a second leaves only os.hostname(). */
function machineHostNames(): Promise<string[]> {
  machineNames ??= Promise.race([
    resolveMachineNames(),
    new Promise<string[]>((done) => setTimeout(() => done(withShortForm(osHostname())), 1000).unref()),
  ]);
  return machineNames;
}

function buildHostPolicy(
  env: Pick<Env, "PANICBOARD_ALLOWED_HOSTS" | "PANICBOARD_PUBLIC_URL">,
  machine: readonly string[],
): HostPolicy {
  const names = new Set(machine);
  const domains: string[] = [];
  let any = false;
  for (const entry of env.PANICBOARD_ALLOWED_HOSTS) {
    if (entry === "*") any = true;
    else if (entry.startsWith(".")) domains.push(entry);
    else names.add(hostOfHeader(entry) ?? entry);
  }
  if (env.PANICBOARD_PUBLIC_URL) {
    const publicHost = hostOfHeader(new URL(env.PANICBOARD_PUBLIC_URL).host);
    if (publicHost) names.add(publicHost);
  }
  return { any, names, domains };
}

/** Whether a request's Host header names this dashboard. A request without one comes from no browser. */
export function isAllowedHost(header: string | null, policy: HostPolicy): boolean {
  if (header === null || policy.any) return true;
  const host = hostOfHeader(header);
  if (!host) return false;
  if (isIP(host) !== 0) return true;
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (policy.names.has(host)) return true;
  return policy.domains.some((d) => host === d.slice(1) || host.endsWith(d));
}

let cached: { env: Env; policy: HostPolicy } | undefined;

/** The policy for this process's environment. */
export async function hostPolicy(env: Env): Promise<HostPolicy> {
  if (cached?.env === env) return cached.policy;
  const policy = buildHostPolicy(env, await machineHostNames());
  cached = { env, policy };
  return policy;
}
