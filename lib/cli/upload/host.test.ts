import { describe, expect, it } from "vitest";
import { parseDumpFolderName } from "./dump-folder";
import { chooseHost } from "./host";

const local = parseDumpFolderName("127.0.0.1-2024-05-01-10:22:33");
const remote = parseDumpFolderName("10.0.0.7-2024-05-01-10:22:33");
const base = { textHostname: null, localHostname: "this-box", realPath: "/home/me/copied/x/vmcore-dmesg.txt" };

describe("chooseHost", () => {
  it("uses --host for everything", () => {
    expect(chooseHost({ ...base, flagHost: "web1", textHostname: "other", folder: remote })).toBe("web1");
  });

  it("leaves the host to the server when the text names it", () => {
    expect(
      chooseHost({ ...base, textHostname: "db3", folder: local, realPath: "/var/crash/x/crash.txt" }),
    ).toBeUndefined();
  });

  it("names a remote dump after the folder's address", () => {
    expect(chooseHost({ ...base, folder: remote })).toBe("10.0.0.7");
  });

  it("names a loopback dump under /var/crash after this machine", () => {
    expect(
      chooseHost({ ...base, folder: local, realPath: "/var/crash/127.0.0.1-2024-05-01-10:22:33/vmcore-dmesg.txt" }),
    ).toBe("this-box");
  });

  it("does not guess for a copied loopback dump or a loose file", () => {
    expect(chooseHost({ ...base, folder: local })).toBeUndefined();
    expect(chooseHost({ ...base, folder: null, realPath: "/var/crash/oops.txt" })).toBeUndefined();
  });
});
