import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { APIRequestContext } from "@playwright/test";
import { expect, test } from "./fixtures";
import { SEED_TEXT, uniqueHost } from "./helpers";

/** `npx panicboard upload`, run as a child process against the running app, on a fake /var/crash. */
const RHEL6_DMESG = readFileSync(resolve("lib/crash/fixtures/rhel/rhel6-vmcore-dmesg.txt"), "utf8");
const RHEL9_DMESG = readFileSync(resolve("lib/crash/fixtures/rhel/rhel9-null-deref.txt"), "utf8");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Async on purpose: the retry test's stub server lives in this process and must keep answering. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["lib/cli/panicboard.mjs", "upload", ...args],
      { env: { ...process.env, PANICBOARD_URL: "", PANICBOARD_TOKEN: "", TZ: "UTC", ...env }, timeout: 60_000 },
      (error, stdout, stderr) =>
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function makeTree() {
  const root = mkdtempSync(join(tmpdir(), "panicboard-cli-"));
  const put = (path: string, content: string | Buffer) => {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), content);
  };
  return { root, crashDir: join(root, "var", "crash"), put };
}

async function listPanics(request: APIRequestContext, host: string) {
  const response = await request.get(`/api/panics?host=${encodeURIComponent(host)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { panics: { crashTime: string; source: string; title: string }[] }).panics;
}

test("uploads a kdump tree with dump-folder crash times; a re-run stores nothing new", async ({ request, token }) => {
  const host = uniqueHost("cli");
  const tree = makeTree();
  try {
    tree.put("var/crash/127.0.0.1-2024-05-01-10:22:33/vmcore-dmesg.txt", RHEL6_DMESG);
    tree.put(
      "var/crash/127.0.0.1-2024-05-01-10:22:33/vmcore",
      Buffer.from("\x7fELF\x02\x01\x01\x00binary vmcore", "latin1"),
    );
    tree.put("var/crash/127.0.0.1-2024-05-03-04:05:06/vmcore-dmesg.txt", RHEL9_DMESG);
    // `crash` output saved next to the dump carries its own DATE, which wins over the folder's.
    tree.put("var/crash/127.0.0.1-2024-05-03-04:05:06/crash.txt", SEED_TEXT);
    tree.put("var/crash/127.0.0.1-2024-05-03-04:05:06/kexec-dmesg.log", "kdump: saving to /sysroot/var/crash\n");
    const server = test.info().project.use.baseURL!;

    const first = await runCli(["--server", server, "--token", token, "--host", host, tree.crashDir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe("3 files: 3 uploaded, 0 duplicates, 0 rejected\n");
    expect(first.stderr).toMatch(
      /\[\d\/3\] uploaded {2}\S+127\.0\.0\.1-2024-05-01-10:22:33\/vmcore-dmesg\.txt → http:\/\/\S+\/panics\/\d+ {2}kernel BUG in tcp_v4_err/,
    );

    const panics = await listPanics(request, host);
    expect(panics.map((p) => p.source)).toEqual(["cli", "cli", "cli"]);
    const times = panics.map((p) => p.crashTime).sort();
    expect(times[0]).toMatch(/^2013-09-2[78]T/);
    expect(times.slice(1)).toEqual(["2024-05-01T10:22:33.000Z", "2024-05-03T04:05:06.000Z"]);

    const again = await runCli([tree.crashDir, "--host", host], { PANICBOARD_URL: server, PANICBOARD_TOKEN: token });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe("3 files: 0 uploaded, 3 duplicates, 0 rejected\n");
    expect(again.stderr).toContain("duplicate");
    expect(await listPanics(request, host)).toHaveLength(3);
  } finally {
    rmSync(tree.root, { recursive: true, force: true });
  }
});

test("rejected files are listed with their reasons and make the exit code non-zero", async ({ request, token }) => {
  const tree = makeTree();
  const remote = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;
  try {
    // A remote dump (NFS/SSH target) is named after the dumping host's address, which becomes the host.
    tree.put(`dumps/${remote}-2024-05-01-10:22:33/vmcore-dmesg.txt`, RHEL6_DMESG);
    // A copied 127.0.0.1 folder outside /var/crash does not say whose dump it is.
    tree.put("dumps/127.0.0.1-2024-05-02-10:22:33/vmcore-dmesg.txt", RHEL9_DMESG);
    tree.put("dumps/notes.txt", "rebooted the box, all fine\n");
    tree.put("dumps/binary.log", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));
    const run = await runCli([
      "--server",
      test.info().project.use.baseURL!,
      "--token",
      token,
      join(tree.root, "dumps"),
    ]);
    expect(run.code, run.stderr).toBe(1);
    const [totals, heading, ...reasons] = run.stdout.trim().split("\n");
    expect(totals).toBe("4 files: 1 uploaded, 0 duplicates, 3 rejected");
    expect(heading).toBe("rejected:");
    expect(reasons.sort()).toEqual([
      expect.stringMatching(
        /127\.0\.0\.1-2024-05-02-10:22:33\/vmcore-dmesg\.txt: 422 hostname_required: .*pass --host NAME$/,
      ),
      expect.stringMatching(/binary\.log: 415 binary_content: .*gzip/),
      expect.stringMatching(/notes\.txt: 422 no_crash_detected: /),
    ]);
    const panics = await listPanics(request, remote);
    expect(panics.map((p) => [p.crashTime, p.title])).toEqual([
      ["2024-05-01T10:22:33.000Z", "kernel BUG in tcp_v4_err"],
    ]);
  } finally {
    rmSync(tree.root, { recursive: true, force: true });
  }
});

test("network errors and 5xx are retried with backoff; what never got through is reported as failed", async () => {
  const tree = makeTree();
  let calls = 0;
  // A stub that fails twice with 503 before accepting: the real app never answers 5xx on demand.
  const stub = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      calls += 1;
      if (calls <= 2) {
        res
          .writeHead(503, { "content-type": "application/json", "retry-after": "0" })
          .end('{"error":"unavailable","message":"busy"}');
        return;
      }
      res
        .writeHead(201, { "content-type": "application/json" })
        .end('{"id":"1","url":"/panics/1","title":"kernel BUG in tcp_v4_err","bug":null,"needsUpdate":false}');
    });
  });
  await new Promise<void>((listening) => stub.listen(0, "127.0.0.1", listening));
  const port = (stub.address() as AddressInfo).port;
  try {
    tree.put("var/crash/127.0.0.1-2024-05-01-10:22:33/vmcore-dmesg.txt", RHEL6_DMESG);
    const retried = await runCli([
      "--server",
      `http://127.0.0.1:${port}`,
      "--token",
      "pb_x",
      "--host",
      "h",
      tree.crashDir,
    ]);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stderr).toContain("HTTP 503; retry 1 in");
    expect(retried.stderr).toContain("HTTP 503; retry 2 in");
    expect(retried.stdout).toBe("1 file: 1 uploaded, 0 duplicates, 0 rejected\n");
    expect(calls).toBe(3);
  } finally {
    stub.close();
  }
  try {
    const down = await runCli([
      "--server",
      `http://127.0.0.1:${port}`,
      "--token",
      "pb_x",
      "--host",
      "h",
      "--retries",
      "2",
      tree.crashDir,
    ]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/ECONNREFUSED.*; retry 1 in/);
    expect(down.stdout).toContain("1 file: 0 uploaded, 0 duplicates, 0 rejected, 1 failed");
  } finally {
    rmSync(tree.root, { recursive: true, force: true });
  }
});

test("a refused token stops the run at once", async () => {
  const tree = makeTree();
  try {
    for (const day of ["01", "02", "03"])
      tree.put(`var/crash/127.0.0.1-2024-05-${day}-10:22:33/vmcore-dmesg.txt`, RHEL6_DMESG);
    const run = await runCli([
      "--server",
      test.info().project.use.baseURL!,
      "--token",
      "pb_wrong",
      "--host",
      "h",
      "--concurrency",
      "1",
      tree.crashDir,
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("the server refused the token (401");
    expect(run.stdout).toContain("3 files: 0 uploaded, 0 duplicates, 0 rejected, 3 failed");
    expect(run.stdout.match(/not attempted/g)).toHaveLength(2);
  } finally {
    rmSync(tree.root, { recursive: true, force: true });
  }
});

test("--help documents the options; a missing path is a usage error", async () => {
  const help = await runCli(["--help"]);
  expect(help.code).toBe(0);
  for (const option of ["--server", "--token", "--host", "--utc", "--retries", "--dry-run"])
    expect(help.stdout).toContain(option);
  const none = await runCli([]);
  expect(none.code).toBe(2);
});
