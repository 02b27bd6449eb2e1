import { z } from "zod";
import { isQueryTime } from "./common";

const isoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((s) => new Date(s))
  .refine(isQueryTime, "must be a date between the years 1 and 9999");

/** `crashTime|id` of the last row of the previous page, base64url-encoded. */
const panicCursorSchema = z.string().transform((s, ctx) => {
  const [time, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  const date = new Date(time ?? "");
  if (!id || !/^\d{1,18}$/.test(id) || !isQueryTime(date)) {
    ctx.addIssue({ code: "custom", message: "invalid cursor" });
    return z.NEVER;
  }
  return { crashTime: date, id: BigInt(id) };
});

export function encodePanicCursor(crashTime: Date, id: bigint): string {
  return Buffer.from(`${crashTime.toISOString()}|${id}`, "utf8").toString("base64url");
}

export const panicListQuerySchema = z.object({
  host: z.string().trim().min(1).optional(),
  bug: z.string().trim().min(1).optional(),
  signature: z.string().trim().min(1).optional(),
  kernel: z.string().trim().min(1).optional(),
  since: isoDate.optional(),
  until: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: panicCursorSchema.optional(),
});
