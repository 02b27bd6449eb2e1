/**
 * Formatting shared by server and client components. Times are shown in UTC, as kernels and kdump
 * report them. Total: no stored value (an invalid date, a year toISOString cannot write) fails a page.
 */
export function formatTime(value: Date | string | number | null | undefined): string {
  if (value === null || value === undefined || value === "") return "—";
  const date = value instanceof Date ? value : new Date(value);
  const time = date.getTime();
  if (!Number.isFinite(time) || time < Date.parse("0000-01-01T00:00:00Z") || time > Date.parse("9999-12-31T23:59:59Z"))
    return "unknown";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatCount(value: number | bigint): string {
  return new Intl.NumberFormat("en-US").format(value);
}

/** "1 panic", "2,431 panics". */
export function formatCountOf(value: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(value)} ${value === 1 ? noun : plural}`;
}
