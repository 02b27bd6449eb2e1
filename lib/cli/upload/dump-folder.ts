/** The address and local wall-clock time that kdump wrote into a dump folder's name. */
export interface DumpFolder {
  /** The dumping host's address: 127.0.0.1 for a local dump, the host's own IP for an NFS/SSH target. */
  address: string;
  /** Year, month (1-12), day, hour, minute, second, as written (the capture kernel's local time). */
  time: [number, number, number, number, number, number];
}

// RHEL 5-10 kdump: `<ip>-YYYY-MM-DD-HH:MM:SS` (seconds missing on some RHEL 5 builds); IPv6 addresses keep their colons.
const KDUMP_NAME = /^(.+)-(\d{4})-(\d{2})-(\d{2})-(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Parses a kdump dump folder name such as `127.0.0.1-2013-09-27-16:21:01`; null when it is not one. */
export function parseDumpFolderName(name: string): DumpFolder | null {
  const match = KDUMP_NAME.exec(name);
  if (!match) return null;
  const [, address, ...parts] = match;
  const time = parts.map((p) => (p === undefined ? 0 : Number(p))) as DumpFolder["time"];
  const [year, month, day, hour, minute, second] = time;
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const isValid =
    probe.getUTCFullYear() === year &&
    probe.getUTCMonth() === month - 1 &&
    probe.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60;
  if (!isValid || !address) return null;
  return { address, time };
}

/** Whether a dump came from this machine's own kdump (a loopback address) rather than a remote host. */
export function isLoopbackAddress(address: string): boolean {
  return /^127\./.test(address) || address === "::1" || address === "localhost";
}

/**
 * The folder's time as ISO 8601. kdump names the folder with `date` in the capture kernel, which
 * RHEL 7+ dracut runs with the host's /etc/localtime: so by default it is read in the local time zone
 * of the machine running the uploader (the crashed host itself when run from its /var/crash);
 * `utc` reads it as UTC instead.
 */
export function formatDumpFolderTime(folder: DumpFolder, zone: "local" | "utc"): string {
  const [year, month, day, hour, minute, second] = folder.time;
  const date =
    zone === "utc"
      ? new Date(Date.UTC(year, month - 1, day, hour, minute, second))
      : new Date(year, month - 1, day, hour, minute, second);
  return date.toISOString();
}

/** kdump's own files that are never a crash summary (the dump itself, kexec's log). */
const NEVER_SEND = /^(vmcore(\..*)?|vmcore-incomplete|kexec-dmesg\.log)$/;
/** Files an operator saves next to the dump from `crash` (sys, log, bt output). */
const CRASH_OUTPUT = /(^|[._-])(crash|sys|log|bt|foreach)([._-].*)?\.(txt|log|out)$/i;

/**
 * Which files of a dump folder to upload: vmcore-dmesg.txt first, then any saved `crash` output
 * (crash.txt, crash-sys.txt, bt.log, ...). The vmcore and kdump's own logs are never sent.
 */
export function selectDumpFiles(names: readonly string[]): string[] {
  const candidates = names.filter((n) => !n.startsWith(".") && !NEVER_SEND.test(n));
  const dmesg = candidates.filter((n) => n === "vmcore-dmesg.txt");
  const crashOutput = candidates.filter((n) => n !== "vmcore-dmesg.txt" && CRASH_OUTPUT.test(n)).sort();
  return [...dmesg, ...crashOutput];
}

/** Loose files outside dump folders: text-like names only, so a stray vmcore or archive is not sent. */
export function isLooseTextFile(name: string): boolean {
  return !name.startsWith(".") && /\.(txt|log|out|crash)$/i.test(name);
}
