import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, errorCodeSchema, toAppError } from "./errors";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("the error table", () => {
  it("gives every code an HTTP error status", () => {
    for (const code of errorCodeSchema.options) {
      expect(ERROR_STATUS[code], code).toBeGreaterThanOrEqual(400);
      expect(ERROR_STATUS[code], code).toBeLessThan(600);
    }
    expect(errorCodeSchema.options).toEqual(Object.keys(ERROR_STATUS));
  });

  it("has one internal code (500); the other 5xx (503) are answers that ask to come back", () => {
    const serverCodes = errorCodeSchema.options.filter((code) => ERROR_STATUS[code] >= 500);
    expect(serverCodes).toEqual(["internal_error", "busy", "unavailable"]);
    expect(ERROR_STATUS.unavailable).toBe(503);
    expect(ERROR_STATUS.internal_error).toBe(500);
    expect(ERROR_STATUS.busy).toBe(503);
  });

  it("is the list README.md documents, status for status", () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const documented = Object.fromEntries(
      [...readme.matchAll(/^\| `([a-z_]+)` \| `(\d{3})` \|/gm)].map((m) => [m[1], Number(m[2])]),
    );
    expect(documented).toEqual(ERROR_STATUS);
  });
});

describe("toAppError", () => {
  it("keeps an AppError of another copy of this module (the upload route beside Next's build)", async () => {
    // A second instance of the module, as a second bundle or the source tree would load it.
    const copy = "./errors?another-copy";
    const other = (await import(/* @vite-ignore */ copy)) as typeof import("./errors");
    expect(other.AppError).not.toBe(AppError);
    const busy = new other.AppError("busy", "The parse queue is full", { retryAfter: 1 });
    expect(busy instanceof AppError).toBe(true);
    expect(toAppError(busy)).toBe(busy);
    expect(new AppError("busy", "x") instanceof other.AppError).toBe(true);
    expect(new Error("plain") instanceof AppError).toBe(false);
    expect((null as unknown) instanceof AppError).toBe(false);
  });

  it("keeps an AppError as it is", () => {
    const error = new AppError("conflict", "exists already", { id: "x" });
    expect(toAppError(error)).toBe(error);
    expect(error.toJSON()).toEqual({ error: "conflict", message: "exists already", details: { id: "x" } });
    expect(new AppError("not_found", "No such panic").toJSON()).toEqual({
      error: "not_found",
      message: "No such panic",
    });
  });

  it("turns a ZodError into validation_failed with zod's prettified message and the issues as details", () => {
    const result = z
      .object({ hostname: z.string().regex(/^[a-z]+$/, "not a hostname") })
      .safeParse({ hostname: "A B" });
    if (result.success) throw new Error("the schema accepted a bad hostname");
    const error = toAppError(result.error, "items[1]");
    expect(error.code).toBe("validation_failed");
    expect(ERROR_STATUS[error.code]).toBe(422);
    expect(error.message).toBe(`items[1] failed validation:\n${z.prettifyError(result.error)}`);
    expect(error.message).toContain("✖ not a hostname\n  → at hostname");
    expect(error.details).toEqual(result.error.issues);
  });

  it("logs anything else and answers internal_error without the cause", () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const cause = new Error("connect ECONNREFUSED db.internal:5432 as user admin");
    const error = toAppError(cause, "The upload");
    expect(error.code).toBe("internal_error");
    expect(ERROR_STATUS[error.code]).toBe(500);
    expect(error.message).toBe("The upload failed on the server; see the server log");
    expect(error.message).not.toContain("db.internal");
    expect(log).toHaveBeenCalledWith("panicboard: The upload failed", cause);
    expect(toAppError("a thrown string").code).toBe("internal_error");
  });
});
