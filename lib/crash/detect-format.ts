import type { LogLine } from "./normalize";
import type { InputFormat } from "./types";

export interface FormatEvidence {
  hasCrashSys: boolean;
  hasCrashBt: boolean;
}

/**
 * Which input formats the text shows, most specific first. One text may mix several (a `crash`
 * session holds a `log` in dmesg form; a syslog file may hold kernel lines with `[ t ]` stamps).
 *   crash-session  sys header, `bt` or `crash> ` prompts
 *   vmcore-dmesg   `<N>` level prefixes (RHEL 5/6 raw log_buf) or `\xNN` escapes with `[ t ]` stamps
 *   journal        ISO-dated `host kernel:` prefixes
 *   syslog         `Mon DD HH:MM:SS host kernel:` prefixes
 *   dmesg          `[ t ]` stamps
 *   console        none of the above
 */
export function detectFormats(lines: LogLine[], rawText: string, evidence: FormatEvidence): InputFormat[] {
  let level = 0;
  let stamp = 0;
  let syslog = 0;
  let journal = 0;
  let prompt = 0;
  for (const line of lines) {
    for (const p of line.prefixes) {
      if (p === "level") level++;
      else if (p === "timestamp") stamp++;
      else if (p === "syslog") syslog++;
      else if (p === "journal") journal++;
    }
    if (line.text.startsWith("crash> ")) prompt++;
  }
  const formats: InputFormat[] = [];
  if (evidence.hasCrashSys || evidence.hasCrashBt || prompt > 0) formats.push("crash-session");
  const escapes = stamp > 0 && /\\x[0-9a-f]{2}/.test(rawText.slice(0, 1 << 20));
  if (level > 0 || escapes) formats.push("vmcore-dmesg");
  if (journal > 0) formats.push("journal");
  if (syslog > 0) formats.push("syslog");
  if (stamp > 0 && level === 0 && !escapes) formats.push("dmesg");
  if (formats.length === 0) formats.push("console");
  return formats;
}
