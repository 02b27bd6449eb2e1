import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/lib/server/db";
import { syncCatalogue } from "@/lib/server/services/catalogue";
import { ingestPanic } from "@/lib/server/services/ingest";
import { listKnownBugChanges } from "@/lib/server/services/known-bug-edits";
import { createKnownBugFromSignature } from "@/lib/server/services/known-bugs";
import { createApiToken } from "@/lib/server/services/tokens";
import { createSession, SESSION_COOKIE } from "@/lib/server/session";
import { setFakeRequest } from "@/lib/test/next-headers";
import { deleteKnownBugAction, editKnownBugAction } from "./actions";

vi.mock("next/headers", async () => (await import("@/lib/test/next-headers")).nextHeadersMock);
vi.mock("next/server", async (original) => ({ ...(await original<object>()), after: () => {} }));

process.env.PANICBOARD_WRITE_AUTH = "token";

const fixture = (name: string) => readFileSync(join("lib", "crash", "fixtures", "rhel", name), "utf8");
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
const IDLE = { status: "idle" } as const;

let tokenName = "";
let cookie = "";
/** One bug for the file: every bug made from the fixture's signature would match its panics. */
const hostname = unique("nas");
let bug = { id: "", signatureId: 0 };

function editForm(id: string, fields: Record<string, string>): FormData {
  const form = new FormData();
  form.set("id", id);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

/** Redirects throw NEXT_REDIRECT: the action's answer is where it sends the browser. */
async function redirectOf(run: Promise<unknown>): Promise<string> {
  const error = (await run.then(
    (value) => ({ value }),
    (e: unknown) => e,
  )) as { digest?: string; value?: unknown };
  if (!error.digest) throw new Error(`no redirect: ${JSON.stringify(error.value ?? error)}`);
  return error.digest.split(";")[2]!;
}

async function createXfsBug(hostname: string) {
  // A function of its own: a signature no other test file's panics share (they run on one database).
  const text = fixture("rhel8-soft-lockup-xfs.txt").replaceAll("xfs_end_io", "xfs_end_io_edit_test");
  await ingestPanic({ text, hostname, source: "api" });
  const signature = await getDb().signature.findFirstOrThrow({ where: { panics: { some: { host: { hostname } } } } });
  const id = unique("USER-XFS");
  await createKnownBugFromSignature({
    signatureId: signature.id,
    id,
    title: "Soft lockup in xfs_end_io",
    description: "xfs_end_io spins on a long ioend list.",
    references: [],
    fixedIn: {
      el8: "4.18.0-348.el8",
      el6: undefined,
      el7: undefined,
      el9: undefined,
      el10: undefined,
      upstream: undefined,
    },
  });
  return { id, signatureId: signature.id };
}

beforeAll(async () => {
  await syncCatalogue();
  const created = await createApiToken(unique("editor"));
  tokenName = created.name;
  cookie = (await createSession({ token: created.token }, { PANICBOARD_READ_AUTH: "none" })).cookie;
  bug = await createXfsBug(hostname);
});

beforeEach(() => setFakeRequest(undefined, { [SESSION_COOKIE]: cookie }));

describe("editing and deleting a known bug created in the dashboard", () => {
  it("refuses an edit or a delete without a session, or with a forged one", async () => {
    const { id } = bug;
    const form = editForm(id, { title: "Taken over", description: "x" });
    for (const cookies of [{}, { [SESSION_COOKIE]: "f".repeat(43) }] as Record<string, string>[]) {
      setFakeRequest(undefined, cookies);
      expect(await editKnownBugAction(IDLE, form)).toMatchObject({ status: "error" });
      expect(await deleteKnownBugAction(IDLE, form)).toMatchObject({ status: "error" });
    }
    setFakeRequest({ host: "localhost:3000" });
    expect(await deleteKnownBugAction(IDLE, form)).toMatchObject({ status: "error" });
    expect(await getDb().knownBug.findUnique({ where: { id } })).toMatchObject({ title: "Soft lockup in xfs_end_io" });
    expect(await listKnownBugChanges(id)).toHaveLength(0);
  });

  it("an edit re-matches, recomputes the host's verdict from the new fixed-in, and writes the History", async () => {
    const { id } = bug;
    const hostBefore = await getDb().host.findUniqueOrThrow({ where: { hostname } });
    expect(hostBefore).toMatchObject({ needsUpdate: true, targetKernel: "4.18.0-348.el8" });

    const to = await redirectOf(
      editKnownBugAction(
        IDLE,
        editForm(id, {
          title: "Soft lockup in xfs_end_io (ioend merging)",
          description: "xfs_end_io spins on a long ioend list.",
          references: "https://bugzilla.redhat.com/show_bug.cgi?id=2",
          "fixedIn.el8": "4.18.0-372.el8",
        }),
      ),
    );
    expect(to).toBe(`/bugs/${id}?edited=1#history`);
    const row = await getDb().knownBug.findUniqueOrThrow({ where: { id } });
    expect(row.title).toBe("Soft lockup in xfs_end_io (ioend merging)");
    expect(await getDb().knownBugFix.findMany({ where: { knownBugId: id }, select: { fixedIn: true } })).toEqual([
      { fixedIn: "4.18.0-372.el8" },
    ]);
    // Its panics still match it, and the host now needs the new fixed-in kernel.
    expect(await getDb().panic.count({ where: { host: { hostname }, knownBugId: id } })).toBe(1);
    expect(await getDb().host.findUniqueOrThrow({ where: { hostname } })).toMatchObject({
      needsUpdate: true,
      targetKernel: "4.18.0-372.el8",
    });
    const [change] = await listKnownBugChanges(id);
    expect(change).toMatchObject({
      action: "edited",
      actor: tokenName,
      changes: {
        title: { from: "Soft lockup in xfs_end_io", to: "Soft lockup in xfs_end_io (ioend merging)" },
        fixedIn: { from: { el8: "4.18.0-348.el8" }, to: { el8: "4.18.0-372.el8" } },
        references: { from: [], to: ["https://bugzilla.redhat.com/show_bug.cgi?id=2"] },
      },
    });
    expect(change!.changes).not.toHaveProperty("description");
  });

  it("a delete moves its panics off (re-matched), clears the verdict and writes the History", async () => {
    const { id, signatureId } = bug;
    expect(await redirectOf(deleteKnownBugAction(IDLE, editForm(id, {})))).toBe(`/bugs?deleted=${id}`);
    expect(await getDb().knownBug.findUnique({ where: { id } })).toBeNull();
    expect(await getDb().panic.findMany({ where: { host: { hostname } }, select: { knownBugId: true } })).toEqual([
      { knownBugId: null },
    ]);
    expect((await getDb().signature.findUniqueOrThrow({ where: { id: signatureId } })).knownBugId).toBeNull();
    expect(await getDb().host.findUniqueOrThrow({ where: { hostname } })).toMatchObject({
      needsUpdate: false,
      openBugIds: [],
    });
    expect(await listKnownBugChanges(id)).toMatchObject([
      {
        action: "deleted",
        actor: tokenName,
        changes: { title: { from: "Soft lockup in xfs_end_io (ioend merging)", to: null } },
      },
      { action: "edited" },
    ]);
  });

  it("leaves catalogue bugs read-only", async () => {
    const catalogue = await getDb().knownBug.findFirstOrThrow({ where: { origin: "catalogue" } });
    const result = await editKnownBugAction(IDLE, editForm(catalogue.id, { title: "x", description: "y" }));
    expect(result).toMatchObject({ status: "error", message: expect.stringMatching(/catalogue/) });
    expect(await deleteKnownBugAction(IDLE, editForm(catalogue.id, {}))).toMatchObject({ status: "error" });
    expect(await getDb().knownBug.findUnique({ where: { id: catalogue.id } })).not.toBeNull();
  });
});
