import { beforeAll, describe, expect, it } from "vitest";
import { getPool } from "../db";
import { isRetryableConflict } from "./pg-errors";
import { inTransaction } from "./transaction";

const notes = async (key: string) =>
  (await getPool().query<{ note: string }>("SELECT note FROM tx_probe WHERE key = $1 ORDER BY note", [key])).rows.map(
    (r) => r.note,
  );

describe("inTransaction on a real PostgreSQL (pipelined pool)", () => {
  beforeAll(async () => {
    await getPool().query(
      "CREATE TABLE IF NOT EXISTS tx_probe (key text NOT NULL, note text NOT NULL, UNIQUE (key, note))",
    );
  });

  it("commits the statements and the one `finish` sends with COMMIT", async () => {
    const result = await inTransaction(async ({ client, finish }) => {
      const { rows } = await client.query<{ note: string }>(
        "INSERT INTO tx_probe VALUES ('commit', 'a') RETURNING note",
      );
      await finish({ text: "INSERT INTO tx_probe VALUES ($1, $2)", values: ["commit", "b"] });
      return rows[0]!.note;
    });
    expect(result).toBe("a");
    expect(await notes("commit")).toEqual(["a", "b"]);
  });

  it("sends several last statements with COMMIT; one failing rolls back all of them", async () => {
    await inTransaction(async ({ finish }) => {
      await finish(
        { text: "INSERT INTO tx_probe VALUES ($1, $2)", values: ["several", "a"] },
        { text: "SET CONSTRAINTS ALL IMMEDIATE" },
        { text: "INSERT INTO tx_probe VALUES ($1, $2)", values: ["several", "b"] },
      );
    });
    expect(await notes("several")).toEqual(["a", "b"]);
    const failing = inTransaction(async ({ finish }) => {
      await finish(
        { text: "INSERT INTO tx_probe VALUES ($1, $2)", values: ["several-failed", "a"] },
        { text: "INSERT INTO tx_probe VALUES ($1, $2)", values: ["several", "a"] },
        { text: "INSERT INTO tx_probe VALUES ($1, $2)", values: ["several-failed", "b"] },
      );
    });
    await expect(failing).rejects.toMatchObject({ code: "23505" });
    expect(await notes("several-failed")).toEqual([]);
  });

  it("commits work that never calls `finish`", async () => {
    await inTransaction(async ({ client }) => client.query("INSERT INTO tx_probe VALUES ('plain', 'a')"));
    expect(await notes("plain")).toEqual(["a"]);
  });

  it("rolls everything back when the last statement fails, and the connection stays usable", async () => {
    const failing = inTransaction(async ({ client, finish }) => {
      await client.query("INSERT INTO tx_probe VALUES ('rollback', 'a')");
      await finish({ text: "INSERT INTO tx_probe VALUES ($1, $2), ($1, $2)", values: ["rollback", "b"] });
    });
    await expect(failing).rejects.toMatchObject({ code: "23505" });
    expect(await notes("rollback")).toEqual([]);
    // Every connection of the pool still answers (none was left inside the aborted transaction).
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => getPool().query<{ one: number }>("SELECT 1 AS one")),
    );
    expect(answers.map((a) => a.rows[0]!.one)).toEqual(Array(12).fill(1));
  });

  it("rolls back when the work throws between statements", async () => {
    const failing = inTransaction(async ({ client }) => {
      await client.query("INSERT INTO tx_probe VALUES ('thrown', 'a')");
      throw new Error("changed my mind");
    });
    await expect(failing).rejects.toThrow("changed my mind");
    expect(await notes("thrown")).toEqual([]);
  });

  it("reports a failure that the work caught instead of committing around it", async () => {
    const swallowed = inTransaction(async ({ client, finish }) => {
      await client.query("INSERT INTO tx_probe VALUES ('caught', 'a')");
      await client.query("INSERT INTO tx_probe VALUES ('caught', 'a')").catch(() => "ignored");
      await finish({ text: "SELECT 1" });
    });
    // The last statement meets the aborted transaction: its error, not a silent success.
    await expect(swallowed).rejects.toMatchObject({ code: "25P02" });
    expect(await notes("caught")).toEqual([]);

    const plain = inTransaction(async ({ client }) => {
      await client.query("INSERT INTO tx_probe VALUES ('caught-plain', 'a')");
      await client.query("SELECT 1/0").catch(() => "ignored");
    });
    await expect(plain).rejects.toThrow("rolled back");
    expect(await notes("caught-plain")).toEqual([]);
  });

  it("neither rolls back nor retries work that fails after it committed", async () => {
    let calls = 0;
    const late = inTransaction(async ({ finish }) => {
      calls += 1;
      await finish({ text: "INSERT INTO tx_probe VALUES ('late', 'a')" });
      throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
    });
    await expect(late).rejects.toThrow("deadlock detected");
    expect(calls).toBe(1);
    expect(await notes("late")).toEqual(["a"]);
  });

  it("rolls back and frees the connection when the work throws before its first await", async () => {
    const sync = inTransaction((() => {
      throw new Error("thrown at once");
    }) as never);
    await expect(sync).rejects.toThrow("thrown at once");
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => getPool().query<{ one: number }>("SELECT 1 AS one")),
    );
    expect(answers).toHaveLength(12);
  });

  it("runs the work again after a deadlock, and gives up after the last attempt", async () => {
    let calls = 0;
    await inTransaction(async ({ client }) => {
      calls += 1;
      await client.query("INSERT INTO tx_probe VALUES ('retry', $1)", [`attempt ${calls}`]);
      if (calls === 1) throw Object.assign(new Error("deadlock detected"), { code: "40P01" });
    });
    expect(calls).toBe(2);
    expect(await notes("retry")).toEqual(["attempt 2"]);

    let tries = 0;
    const hopeless = inTransaction(async () => {
      tries += 1;
      throw Object.assign(new Error("could not serialize access"), { code: "40001" });
    });
    await expect(hopeless).rejects.toMatchObject({ code: "40001" });
    expect(tries).toBe(3);
  });

  it("recognizes a deadlock or serialization failure from pg and from Prisma's driver adapter", () => {
    expect(isRetryableConflict(Object.assign(new Error("deadlock detected"), { code: "40P01" }))).toBe(true);
    expect(isRetryableConflict(Object.assign(new Error("driver error"), { cause: { originalCode: "40001" } }))).toBe(
      true,
    );
    expect(isRetryableConflict(new Error("Error querying the database: ERROR: deadlock detected"))).toBe(true);
    expect(isRetryableConflict(Object.assign(new Error("duplicate key value"), { code: "23505" }))).toBe(false);
    expect(isRetryableConflict(null)).toBe(false);
  });
});
