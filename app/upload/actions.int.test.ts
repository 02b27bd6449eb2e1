import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { previewUploadAction } from "./actions";
import { panicUploadSchema } from "@/lib/schemas/panics";
import { toAppError } from "@/lib/server/errors";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { ingestPanic, previewPanic } from "@/lib/server/services/ingest";

const SEED = readFileSync(join(__dirname, "../../lib/crash/fixtures/rhel/rhel6-seed-session.txt"), "utf8");
const DMESG = readFileSync(join(__dirname, "../../lib/crash/fixtures/rhel/rhel6-vmcore-dmesg.txt"), "utf8");

function formOf(text: string, hostname?: string): FormData {
  const form = new FormData();
  form.set("label", "item");
  form.set("text", text);
  if (hostname) form.set("hostname", hostname);
  return form;
}

/** The code ingestion (the form's Upload button, POST /api/panics) answers, or "created". */
async function ingestCode(text: string, hostname?: string): Promise<string> {
  try {
    const upload = panicUploadSchema.parse({ text, hostname, source: "ui" });
    return (await ingestPanic(upload)).status;
  } catch (error) {
    return toAppError(error).code;
  }
}

describe("the Upload page's preview refuses what ingestion refuses", () => {
  beforeAll(async () => {
    await syncCatalogue();
  });

  it.each<[string, string, string | undefined, string]>([
    ["no crash in the text", "just some boot noise\nnothing else\n", "h-1", "no_crash_detected"],
    ["no host named anywhere", DMESG, undefined, "hostname_required"],
    [
      "a NODENAME that is no hostname",
      SEED.replace("NODENAME: XXXXXX(masked)", "NODENAME: lb/01"),
      undefined,
      "validation_failed",
    ],
    ["a typed hostname that is no hostname", SEED, "lb 01", "validation_failed"],
  ])("%s", async (_, text, hostname, code) => {
    const preview = await previewUploadAction(formOf(text, hostname));
    expect(preview).toMatchObject({ status: "error", code });
    expect(await ingestCode(text, hostname)).toBe(code);
  });

  it("previews what ingestion then stores", async () => {
    const hostname = `preview-${Date.now().toString(36)}`;
    const preview = await previewUploadAction(formOf(SEED, hostname));
    expect(preview).toMatchObject({
      status: "preview",
      title: "kernel BUG in tcp_v4_err",
      host: hostname,
      kernel: "2.6.32-279.14.1.el6.x86_64",
      bug: { id: "rhel6-tcp_v4_err-BUG_ON-skb", fixedIn: "2.6.32-431.el6", regression: false },
    });
    const outcome = await ingestPanic({ text: SEED, hostname, source: "ui" });
    if (outcome.status !== "created") throw new Error("expected a new panic");
    expect(outcome.panic).toMatchObject({
      title: "kernel BUG in tcp_v4_err",
      host: hostname,
      kernelRelease: "2.6.32-279.14.1.el6.x86_64",
      bug: { id: "rhel6-tcp_v4_err-BUG_ON-skb" },
    });
    const analyzed = await previewPanic({ text: SEED, hostname, source: "ui" });
    expect(analyzed.ok && analyzed.analysis.fingerprint).toBe(outcome.panic.signature);
  });
});
