/** Formatting shared by server and client components. Times are shown in UTC, as kernels and kdump report them. */
export function formatTime(value: Date | string | null | undefined): string {
  if (!value) return "—";
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return "—";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatCount(value: number | bigint): string {
  return new Intl.NumberFormat("en-US").format(value);
}

/** "1 panic", "2,431 panics". */
export function formatCountOf(value: number, noun: string, plural = `${noun}s`): string {
  return `${formatCount(value)} ${value === 1 ? noun : plural}`;
}
