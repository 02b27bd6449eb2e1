import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "pg";
import { E2E_DATABASE_URL, expect, test } from "./fixtures";
import { uniqueHost } from "./helpers";

/**
 * public/panicboard-report.sh, the host agent, run for real by each shell a RHEL host may have
 * (RHEL 6's bash, dash, busybox ash) against the running app, on a fake /var/crash in a temp folder.
 */
const SCRIPT = resolve("public", "panicboard-report.sh");
const RHEL6_DMESG = readFileSync(resolve("lib/crash/fixtures/rhel/rhel6-vmcore-dmesg.txt"), "utf8");
const RHEL9_DMESG = readFileSync(resolve("lib/crash/fixtures/rhel/rhel9-null-deref.txt"), "utf8");
const FAKE_KERNEL = "3.10.0-1160.el7.x86_64";

const SHELLS: { name: string; command: string[] }[] = [
  { name: "sh", command: ["sh"] },
  { name: "dash", command: ["dash"] },
  { name: "bash", command: ["bash", "--posix"] },
  { name: "busybox", command: ["busybox", "sh"] },
];

function isInstalled(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

interface Run {
  code: number;
  stderr: string;
}

function runAgent(shell: string[], env: Record<string, string>, args: string[] = []): Promise<Run> {
  const [bin, ...shellArgs] = shell;
  return new Promise((done) => {
    // A bare environment, as at boot: only what the test passes (plus PATH and HOME).
    const bare = { PATH: process.env.PATH ?? "", HOME: tmpdir(), ...env } as unknown as NodeJS.ProcessEnv;
    execFile(
      bin!,
      [...shellArgs, SCRIPT, ...args],
      { env: bare, timeout: 60_000, encoding: "utf8" },
      (error, _stdout, stderr) => {
        done({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stderr });
      },
    );
  });
}

/**
 * A temp folder with crash/, state/ and a bin/ whose `uname -r` answers FAKE_KERNEL and whose `rpm`
 * lists the kernel packages given to `installKernel` (none at first) and prints their changelogs.
 */
function makeHostTree() {
  const root = mkdtempSync(join(tmpdir(), "panicboard-agent-"));
  const crashDir = join(root, "crash");
  const put = (folder: string, name: string, text: string) => {
    mkdirSync(join(crashDir, folder), { recursive: true });
    writeFileSync(join(crashDir, folder, name), text);
  };
  mkdirSync(join(root, "bin"));
  const realUname = spawnSync("sh", ["-c", "command -v uname"], { encoding: "utf8" }).stdout.trim();
  writeFileSync(
    join(root, "bin", "uname"),
    `#!/bin/sh\nif [ "$1" = -r ]; then echo ${FAKE_KERNEL}; else exec ${realUname} "$@"; fi\n`,
  );
  chmodSync(join(root, "bin", "uname"), 0o755);
  const rpmDir = join(root, "rpm");
  mkdirSync(rpmDir);
  writeFileSync(
    join(root, "bin", "rpm"),
    [
      "#!/bin/sh",
      `dir='${rpmDir}'`,
      'if [ "$1" = -q ] && [ "$2" = kernel ]; then',
      '  [ -s "$dir/packages" ] || { echo "package kernel is not installed"; exit 1; }',
      '  cat "$dir/packages"; exit 0',
      "fi",
      'if [ "$1" = -q ] && [ "$2" = --changelog ] && [ -f "$dir/$3" ]; then cat "$dir/$3"; exit 0; fi',
      'echo "package $3 is not installed"; exit 1',
      "",
    ].join("\n"),
  );
  chmodSync(join(root, "bin", "rpm"), 0o755);
  const installKernel = (pkg: string, changelog: string) => {
    writeFileSync(join(rpmDir, pkg), changelog);
    writeFileSync(join(rpmDir, "packages"), `${pkg}\n`, { flag: "a" });
  };
  return {
    root,
    crashDir,
    stateFile: join(root, "state", "sub", "uploaded"),
    bin: join(root, "bin"),
    put,
    installKernel,
  };
}

async function listPanics(request: import("@playwright/test").APIRequestContext, host: string) {
  const response = await request.get(`/api/panics?host=${encodeURIComponent(host)}`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { panics: { crashTime: string; source: string; title: string }[] }).panics;
}

/** An el7 z-stream build no other run has sent (the bundled el7 changelog stops at 514.26.2). */
function uniqueEl7Build(): string {
  return `3.10.0-1160.${1000 + Math.floor(Math.random() * 1_000_000)}.1.el7`;
}

function el7Changelog(build: string): string {
  return `* Tue Jun 04 2024 Rado Vrbovsky <rvrbovsk@redhat.com> [${build}]\n- [net] tcp: fix a NULL pointer dereference in tcp_e2e_agent() (Jiri Benc) [2001234]\n\n`;
}

async function queryChangelogBuild(build: string) {
  const client = new Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ stream: string; entry_count: number; source: string; imported_by: string }>(
      "SELECT stream, entry_count, source, imported_by FROM changelog_builds WHERE build = $1",
      [build],
    );
    return rows;
  } finally {
    await client.end();
  }
}

async function queryHost(host: string) {
  const client = new Client({ connectionString: E2E_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ current_kernel: string | null; sources: string[] }>(
      `SELECT h.current_kernel, array_agg(k.source::text ORDER BY k.source) AS sources
       FROM hosts h LEFT JOIN host_kernels k ON k.host_id = h.id AND k.kernel_release = h.current_kernel
       WHERE h.hostname = $1 GROUP BY h.id`,
      [host],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

test("the dashboard serves the agent, its systemd unit and its init script", async ({ request }) => {
  for (const name of [
    "panicboard-report.sh",
    "panicboard-report.service",
    "panicboard-report.init",
    "panicboard.conf.example",
  ]) {
    const response = await request.get(`/${name}`);
    expect(response.status(), name).toBe(200);
    expect(await response.text(), name).toBe(readFileSync(resolve("public", name), "utf8"));
  }
  const checksum = await request.get("/panicboard-report.sh.sha256");
  expect(checksum.status()).toBe(200);
  expect(await checksum.text()).toBe(
    `${createHash("sha256").update(readFileSync(SCRIPT)).digest("hex")}  panicboard-report.sh\n`,
  );
});

test("the agent script is POSIX sh: every available shell parses it", () => {
  for (const shell of SHELLS.filter((s) => isInstalled(s.command[0]!))) {
    for (const file of ["panicboard-report.sh", "panicboard-report.init"]) {
      const check = spawnSync(shell.command[0]!, [...shell.command.slice(1), "-n", resolve("public", file)], {
        encoding: "utf8",
      });
      expect(check.status, `${shell.name} -n ${file}: ${check.stderr}`).toBe(0);
    }
  }
});

for (const shell of SHELLS) {
  test.describe(`agent under ${shell.name}`, () => {
    test.skip(!isInstalled(shell.command[0]!), `${shell.command[0]} is not installed`);

    test("uploads each new vmcore-dmesg.txt and kernel changelog once, records refusals, reports uname -r", async ({
      request,
      token,
    }) => {
      const host = uniqueHost(`agent-${shell.name}`);
      const tree = makeHostTree();
      const build = uniqueEl7Build();
      try {
        // A kernel the dashboard has no changelog of, one it has bundled, and one whose rpm changelog is junk.
        tree.installKernel(`kernel-${build}.x86_64`, el7Changelog(build));
        tree.installKernel("kernel-2.6.32-754.25.1.el6.x86_64", "never read: the build is bundled\n");
        tree.installKernel("kernel-2.6.32-9999.el6.x86_64", "not a changelog\n");
        tree.put("127.0.0.1-2024-05-01-10:22:33", "vmcore-dmesg.txt", RHEL6_DMESG);
        tree.put("127.0.0.1-2024-05-01-10:22:33", "vmcore", "\u007fELF not really a dump");
        tree.put("127.0.0.1-2024-12-24-23:30:00", "vmcore-dmesg.txt", RHEL9_DMESG);
        tree.put("127.0.0.1-2024-06-01-00:00:00", "vmcore-dmesg.txt", "kdump: saving vmcore failed\n");
        tree.put("127.0.0.1-2024-07-01-00:00:00", "vmcore-incomplete", "partial");
        const env = {
          PATH: `${tree.bin}:${process.env.PATH}`,
          PANICBOARD_URL: `${test.info().project.use.baseURL}/`,
          PANICBOARD_TOKEN: token,
          PANICBOARD_HOST: host,
          PANICBOARD_CONF: join(tree.root, "absent.conf"),
          CRASH_DIR: tree.crashDir,
          STATE_FILE: tree.stateFile,
          // The folder names are local time: Paris is +02:00 in May and +01:00 in December.
          TZ: "Europe/Paris",
        };

        const first = await runAgent(shell.command, env);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stderr).toContain("done: 2 uploaded, 0 duplicates, 1 rejected, 0 handled before, 0 to retry");
        expect(first.stderr).toMatch(
          /rejected .*127\.0\.0\.1-2024-06-01-00:00:00\/vmcore-dmesg\.txt \(HTTP 422, not retried\).*no_crash_detected/,
        );
        expect(first.stderr).toContain(`reported kernel ${FAKE_KERNEL} for ${host}`);
        expect(first.stderr).toContain("changelogs: 1 sent, 1 known, 1 refused, 0 handled before, 0 to retry");
        expect(first.stderr).toMatch(
          /changelog of kernel-2\.6\.32-9999\.el6\.x86_64 refused \(HTTP 422, not retried\).*no_changelog_detected/,
        );
        const recorded = readFileSync(tree.stateFile, "utf8").trim().split("\n").sort();
        expect(recorded).toEqual([
          ...["127.0.0.1-2024-05-01-10:22:33", "127.0.0.1-2024-06-01-00:00:00", "127.0.0.1-2024-12-24-23:30:00"].map(
            (f) => join(tree.crashDir, f, "vmcore-dmesg.txt"),
          ),
          "changelog:kernel-2.6.32-754.25.1.el6.x86_64",
          "changelog:kernel-2.6.32-9999.el6.x86_64",
          `changelog:kernel-${build}.x86_64`,
        ]);
        expect(await queryChangelogBuild(build)).toEqual([
          { stream: "el7", entry_count: 1, source: "api", imported_by: expect.stringMatching(/^e2e/) },
        ]);

        const panics = await listPanics(request, host);
        expect(panics.map((p) => [p.crashTime, p.source, p.title])).toEqual([
          [
            "2024-12-24T22:30:00.000Z",
            "agent",
            "BUG: unable to handle kernel NULL pointer dereference in blk_mq_dispatch_rq_list",
          ],
          ["2024-05-01T08:22:33.000Z", "agent", "kernel BUG in tcp_v4_err"],
        ]);
        expect(await queryHost(host)).toEqual({ current_kernel: FAKE_KERNEL, sources: ["inventory"] });

        // A second boot sends nothing again; a new dump is the only upload of the third.
        const second = await runAgent(shell.command, env);
        expect(second.code, second.stderr).toBe(0);
        expect(second.stderr).toContain("done: 0 uploaded, 0 duplicates, 0 rejected, 3 handled before, 0 to retry");
        expect(second.stderr).toContain("changelogs: 0 sent, 0 known, 0 refused, 3 handled before, 0 to retry");
        expect(readFileSync(tree.stateFile, "utf8").trim().split("\n")).toHaveLength(6);
        expect(await listPanics(request, host)).toHaveLength(2);

        tree.put("127.0.0.1-2025-01-02-03:04:05", "vmcore-dmesg.txt", RHEL6_DMESG.replace("CPU 3", "CPU 5"));
        const third = await runAgent(shell.command, env);
        expect(third.code, third.stderr).toBe(0);
        expect(third.stderr).toContain("done: 1 uploaded, 0 duplicates, 0 rejected, 3 handled before, 0 to retry");
        expect(await listPanics(request, host)).toHaveLength(3);
      } finally {
        rmSync(tree.root, { recursive: true, force: true });
      }
    });
  });
}

test("the dashboard knows every bundled changelog stream", async ({ request }) => {
  // A production build must carry every stream's file (Turbopack once resolved a templated data URL
  // to el6's file for all four).
  const response = await request.get("/api/changelogs");
  expect(response.status()).toBe(200);
  const { streams } = (await response.json()) as { streams: { stream: string; newest: string }[] };
  expect(streams.map((s) => [s.stream, s.newest])).toEqual([
    ["el6", "2.6.32-754.25.1.el6"],
    ["el7", expect.any(String)],
    ["el8", expect.any(String)],
    ["el9", expect.any(String)],
  ]);
  expect((await request.get("/api/changelogs/builds/3.10.0-514.26.2.el7")).status()).toBe(200);
});

test("the agent reads /etc/panicboard.conf, the environment wins, and a lost state file only yields duplicates", async ({
  request,
  token,
}) => {
  const host = uniqueHost("agent-conf");
  const tree = makeHostTree();
  try {
    tree.put("127.0.0.1-2024-05-01-10:22:33", "vmcore-dmesg.txt", RHEL6_DMESG);
    const conf = join(tree.root, "panicboard.conf");
    writeFileSync(
      conf,
      [
        `PANICBOARD_URL=http://127.0.0.1:9`,
        `PANICBOARD_TOKEN=${token}`,
        `PANICBOARD_HOST=${host}`,
        `CRASH_DIR=${tree.crashDir}`,
        `STATE_FILE=${tree.stateFile}`,
        "",
      ].join("\n"),
    );
    const env = {
      PATH: `${tree.bin}:${process.env.PATH}`,
      PANICBOARD_CONF: conf,
      PANICBOARD_URL: test.info().project.use.baseURL!,
      TZ: "UTC",
    };
    const first = await runAgent(["sh"], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain("done: 1 uploaded");
    expect((await listPanics(request, host))[0]?.crashTime).toBe("2024-05-01T10:22:33.000Z");

    rmSync(tree.stateFile);
    const again = await runAgent(["sh"], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("done: 0 uploaded, 1 duplicates, 0 rejected, 0 handled before, 0 to retry");
    expect(await listPanics(request, host)).toHaveLength(1);
  } finally {
    rmSync(tree.root, { recursive: true, force: true });
  }
});

test("the agent leaves files for the next boot when the dashboard is unreachable or the token is wrong", async ({
  token,
}) => {
  const tree = makeHostTree();
  try {
    tree.put("127.0.0.1-2024-05-01-10:22:33", "vmcore-dmesg.txt", RHEL6_DMESG);
    const base = {
      PATH: `${tree.bin}:${process.env.PATH}`,
      PANICBOARD_CONF: join(tree.root, "absent.conf"),
      PANICBOARD_HOST: uniqueHost("agent-down"),
      CRASH_DIR: tree.crashDir,
      STATE_FILE: tree.stateFile,
      PANICBOARD_CURL_RETRY: "0",
    };

    const down = await runAgent(["sh"], { ...base, PANICBOARD_URL: "http://127.0.0.1:9", PANICBOARD_TOKEN: token });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("will retry");
    expect(down.stderr).toContain("2 to retry");

    // A changelog refused for a bad token is not recorded either: it is sent at the next run.
    tree.installKernel("kernel-3.10.0-1160.el7.x86_64", el7Changelog("3.10.0-1160.el7"));
    const refused = await runAgent(["sh"], {
      ...base,
      PANICBOARD_URL: test.info().project.use.baseURL!,
      PANICBOARD_TOKEN: "pb_wrong",
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("HTTP 401");
    expect(refused.stderr).toContain("changelogs: 0 sent, 0 known, 0 refused, 0 handled before, 1 to retry");
    expect(existsSync(tree.stateFile) ? readFileSync(tree.stateFile, "utf8") : "").toBe("");

    const missing = await runAgent(["sh"], { ...base, PANICBOARD_URL: "" });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("PANICBOARD_URL is not set");
  } finally {
    rmSync(tree.root, { recursive: true, force: true });
  }
});

test("`panicboard-report.sh install` fetches the script and the boot service from the dashboard", async () => {
  const root = mkdtempSync(join(tmpdir(), "panicboard-install-"));
  try {
    for (const init of ["systemd", "sysv"]) {
      const installRoot = join(root, init);
      const result = await runAgent(
        ["sh"],
        {
          PANICBOARD_CONF: join(root, "absent.conf"),
          // The e2e server is plain http on 127.0.0.1: this test opts in.
          PANICBOARD_URL: test.info().project.use.baseURL!,
          PANICBOARD_ALLOW_HTTP: "1",
          PANICBOARD_INSTALL_ROOT: installRoot,
          PANICBOARD_INIT: init,
        },
        ["install"],
      );
      expect(result.code, result.stderr).toBe(0);
      expect(readFileSync(join(installRoot, "usr/local/sbin/panicboard-report.sh"), "utf8")).toBe(
        readFileSync(SCRIPT, "utf8"),
      );
      const service =
        init === "systemd"
          ? ["etc/systemd/system/panicboard-report.service", "panicboard-report.service"]
          : ["etc/init.d/panicboard-report", "panicboard-report.init"];
      expect(readFileSync(join(installRoot, service[0]!), "utf8")).toBe(
        readFileSync(resolve("public", service[1]!), "utf8"),
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("`install` refuses an http:// dashboard unless told otherwise, and a script whose sha256 is not the pinned one", async () => {
  const root = mkdtempSync(join(tmpdir(), "panicboard-install-"));
  try {
    const base = {
      PANICBOARD_CONF: join(root, "absent.conf"),
      PANICBOARD_URL: test.info().project.use.baseURL!,
      PANICBOARD_INSTALL_ROOT: root,
      PANICBOARD_INIT: "systemd",
    };
    const refused = await runAgent(["sh"], base, ["install"]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("refusing to install from http://");
    expect(refused.stderr).toContain("PANICBOARD_ALLOW_HTTP=1");
    expect(existsSync(join(root, "usr/local/sbin/panicboard-report.sh"))).toBe(false);

    const pinned = await runAgent(["sh"], { ...base, PANICBOARD_ALLOW_HTTP: "1", PANICBOARD_SHA256: "0".repeat(64) }, [
      "install",
    ]);
    expect(pinned.code).toBe(1);
    expect(pinned.stderr).toContain(`not ${"0".repeat(64)}: not installed`);
    expect(existsSync(join(root, "usr/local/sbin/panicboard-report.sh"))).toBe(false);
    expect(existsSync(join(root, "usr/local/sbin/panicboard-report.sh.tmp"))).toBe(false);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the agent sends a dump from a folder named by a wrong clock without its time, so it is stored", async ({
  request,
  token,
}) => {
  const tree = makeHostTree();
  const host = uniqueHost("agent-clock");
  try {
    tree.put("127.0.0.1-1970-01-01-00:00:05", "vmcore-dmesg.txt", RHEL6_DMESG);
    tree.put("127.0.0.1-2999-01-01-00:00:00", "vmcore-dmesg.txt", RHEL9_DMESG);
    const before = Date.now();
    const run = await runAgent(["sh"], {
      PATH: `${tree.bin}:${process.env.PATH}`,
      PANICBOARD_CONF: join(tree.root, "absent.conf"),
      PANICBOARD_URL: test.info().project.use.baseURL!,
      PANICBOARD_TOKEN: token,
      PANICBOARD_HOST: host,
      CRASH_DIR: tree.crashDir,
      STATE_FILE: tree.stateFile,
      PANICBOARD_CHANGELOGS: "0",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("the folder 127.0.0.1-1970-01-01-00:00:05 was named by a wrong clock");
    expect(run.stderr).toContain("the folder 127.0.0.1-2999-01-01-00:00:00 is dated ahead of this host's clock");
    expect(run.stderr).toContain("done: 2 uploaded, 0 duplicates, 0 rejected");
    const panics = await listPanics(request, host);
    expect(panics).toHaveLength(2);
    // Neither text prints a date: each panic took its time of upload.
    for (const panic of panics) expect(Date.parse(panic.crashTime)).toBeGreaterThanOrEqual(before - 1000);
  } finally {
    rmSync(tree.root, { recursive: true, force: true });
  }
});

test("the agent waits out a 429 for as long as Retry-After says, within the run", async () => {
  const tree = makeHostTree();
  let posts = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.url?.startsWith("/api/panics") && ++posts === 1) {
        res.writeHead(429, { "content-type": "application/json", "retry-after": "1" });
        res.end('{"error":"rate_limited"}');
      } else if (req.url?.startsWith("/api/panics")) {
        res.writeHead(201, { "content-type": "application/json" }).end("{}");
      } else {
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      }
    });
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  try {
    tree.put("127.0.0.1-2024-05-01-10:22:33", "vmcore-dmesg.txt", RHEL6_DMESG);
    const run = await runAgent(["sh"], {
      PATH: `${tree.bin}:${process.env.PATH}`,
      PANICBOARD_CONF: join(tree.root, "absent.conf"),
      PANICBOARD_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      PANICBOARD_TOKEN: "pb_test",
      PANICBOARD_HOST: uniqueHost("agent-429"),
      CRASH_DIR: tree.crashDir,
      STATE_FILE: tree.stateFile,
      PANICBOARD_CHANGELOGS: "0",
      PANICBOARD_CURL_RETRY: "0",
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("rate limited by the dashboard: retrying in 1s");
    expect(run.stderr).toContain("done: 1 uploaded, 0 duplicates, 0 rejected, 0 handled before, 0 to retry");
    expect(posts).toBe(2);
  } finally {
    server.close();
    rmSync(tree.root, { recursive: true, force: true });
  }
});
