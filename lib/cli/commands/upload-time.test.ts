import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run } from "./upload";

// A dashboard stand-in that records each upload's query and answers 201.
const queries: URLSearchParams[] = [];
let server: Server;
let url = "";
const root = mkdtempSync(join(tmpdir(), "panicboard-upload-time-"));
const DMESG = readFileSync(join(__dirname, "../../crash/fixtures/rhel/rhel6-vmcore-dmesg.txt"), "utf8");

beforeAll(async () => {
  server = createServer((request, response) => {
    queries.push(new URL(request.url ?? "/", "http://x").searchParams);
    request.resume();
    request.on("end", () => {
      response.writeHead(201, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: String(queries.length), url: `/panics/${queries.length}`, title: "t" }));
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((done) => server.close(done));
  rmSync(root, { recursive: true, force: true });
});

async function uploadFolder(name: string): Promise<URLSearchParams> {
  const folder = join(root, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, "vmcore-dmesg.txt"), DMESG);
  queries.length = 0;
  const io = { stdout: () => {}, stderr: () => {} };
  expect(await run(["--server", url, "--token", "pb_x", "--host", "db7", "--utc", folder], io)).toBe(0);
  expect(queries).toHaveLength(1);
  return queries[0]!;
}

describe("panicboard upload: the crash time from a kdump folder's name", () => {
  it("is sent when it is a time a crash can have", async () => {
    expect((await uploadFolder("127.0.0.1-2024-05-01-10:22:33")).get("crashTime")).toBe("2024-05-01T10:22:33.000Z");
  });

  it("is left out when a wrong clock named the folder (1970, far ahead), so the server takes the upload's time", async () => {
    expect((await uploadFolder("127.0.0.1-1970-01-01-00:00:12")).get("crashTime")).toBeNull();
    expect((await uploadFolder("127.0.0.1-2199-01-01-00:00:00")).get("crashTime")).toBeNull();
  });
});
