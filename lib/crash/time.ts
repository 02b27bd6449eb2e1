import type { WallTime } from "./normalize";

/**
 * Time handling. Every crashTime is an ISO 8601 UTC string (`2013-09-27T16:19:55Z`):
 * - a time printed with a zone (`EDT`, `+0200`, `Z`) is converted to UTC;
 * - a time printed without a zone (crash's DATE on most builds, classic syslog) is the host's
 *   local time, which the text does not tell us: it is taken as UTC, unchanged;
 * - classic syslog prints no year: the year is the reference date's year (the parse time by
 *   default), minus one when that would put the time more than a day after the reference date
 *   (a December log read in January).
 */

/** Month abbreviations as kernel and crash logs print them, to month numbers. */
export const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

/** Offsets in minutes of the zone abbreviations crash and syslog print on RHEL hosts. */
const ZONES: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  BST: 60,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  IST: 330,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  AKST: -540,
  AKDT: -480,
  HST: -600,
  JST: 540,
  KST: 540,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  SGT: 480,
  HKT: 480,
};

// `Fri Sep 27 16:19:55 2013` or `Thu Nov 22 18:26:26 UTC 2018`.
const CTIME_RE =
  /^(?:[A-Z][a-z]{2} )?([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d\d):(\d\d):(\d\d)(?: ([A-Z]{1,5}|[+-]\d{4}))? (\d{4})$/;

/** Parses crash's `DATE:` value; null when it is not a ctime-shaped date. */
export function parseCtime(value: string): string | null {
  const m = CTIME_RE.exec(value.trim().slice(0, 64));
  if (!m) return null;
  const month = MONTHS[m[1] ?? ""];
  if (!month) return null;
  const zone = m[6];
  let offset = 0;
  if (zone) {
    if (zone.startsWith("+") || zone.startsWith("-")) {
      const sign = zone.startsWith("-") ? -1 : 1;
      offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3, 5)));
    } else {
      offset = ZONES[zone] ?? 0;
    }
  }
  return toIso(Number(m[7]), month, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), offset);
}

/** ISO time of a syslog/journal prefix; `reference` supplies the year syslog leaves out. */
export function wallTimeToIso(time: WallTime, reference: Date): string | null {
  const offset = time.offsetMinutes ?? 0;
  if (time.year !== null) return toIso(time.year, time.month, time.day, time.hour, time.minute, time.second, offset);
  let year = reference.getUTCFullYear();
  const candidate = Date.UTC(year, time.month - 1, time.day, time.hour, time.minute, time.second);
  if (candidate - reference.getTime() > 86_400_000) year--;
  return toIso(year, time.month, time.day, time.hour, time.minute, time.second, offset);
}

function toIso(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offsetMinutes: number,
): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  // Date.UTC reads years 0-99 as 1900-1999: a clock printing year 0 must not become 1900.
  const ms = utcMs(year, month, day, hour, minute, second) - offsetMinutes * 60_000;
  // Outside 0000-9999 toISOString writes a six-digit year, which is no ISO 8601 time for consumers.
  if (!Number.isFinite(ms) || ms < Date.parse("0000-01-01T00:00:00Z") || ms >= Date.parse("+010000-01-01T00:00:00Z"))
    return null;
  return new Date(ms).toISOString().replace(".000Z", "Z");
}

function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime();
}

/** `3 days, 15:03:51`, `1 day, 00:00:05`, `15:03:51` or `00:01:02` as seconds. */
export function parseUptime(value: string): number | null {
  const m = /^(?:(\d{1,6}) days?, {1,2})?(\d{1,2}):(\d\d):(\d\d)$/.exec(value.trim().slice(0, 40));
  if (!m) return null;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}
