import http from "node:http";
import net, { type AddressInfo } from "node:net";
import type { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { isUploadRequest, type RouteHandler, serveRoute } from "./node-route";

const servers: http.Server[] = [];

/** A node:http server that serves every request with `handler` through serveRoute; its base URL. */
async function serve(handler: RouteHandler): Promise<string> {
  const server = http.createServer((req, res) => {
    void serveRoute(handler, req, res, { port: 3000 });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

interface Seen {
  method: string;
  url: string;
  body: string;
  headers: Record<string, string>;
  query: string | null;
}

const echo: RouteHandler = async (request: NextRequest) => {
  const seen: Seen = {
    method: request.method,
    url: request.url,
    body: await request.text(),
    headers: Object.fromEntries(request.headers),
    query: request.nextUrl.searchParams.get("host"),
  };
  return Response.json(seen, { status: 201, headers: { "x-route": "yes" } });
};

/** A raw HTTP/1.1 exchange, for what fetch would not send (a chunked body of our own, a bad Host). */
function rawRequest(base: string, lines: string[], body: string[] = []): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = new net.Socket();
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString("utf8");
    });
    socket.on("close", () => resolve(answer));
    socket.on("error", reject);
    socket.connect(Number(port), "127.0.0.1", () => {
      socket.write(`${lines.join("\r\n")}\r\n\r\n`);
      for (const part of body) socket.write(part);
    });
    setTimeout(() => socket.end(), 500);
  });
}

describe("serveRoute", () => {
  it("gives the handler the method, URL, body and headers, with x-forwarded-* filled in as Next does", async () => {
    const base = await serve(echo);
    const response = await fetch(`${base}/api/panics?host=web-1`, {
      method: "POST",
      headers: { "content-type": "text/plain", authorization: "Bearer pb_x" },
      body: "kernel BUG at net/ipv4/tcp_ipv4.c:417!",
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-route")).toBe("yes");
    const seen = (await response.json()) as Seen;
    const { host } = new URL(base);
    expect(seen).toMatchObject({
      method: "POST",
      // NextRequest names a loopback address localhost, as in a route under Next.
      url: `${base.replace("127.0.0.1", "localhost")}/api/panics?host=web-1`,
      body: "kernel BUG at net/ipv4/tcp_ipv4.c:417!",
      query: "web-1",
    });
    expect(seen.headers).toMatchObject({
      authorization: "Bearer pb_x",
      "content-type": "text/plain",
      host,
      "x-forwarded-host": host,
      "x-forwarded-port": "3000",
      "x-forwarded-proto": "http",
      "x-forwarded-for": "127.0.0.1",
    });
  });

  it("keeps the x-forwarded-* headers a proxy sent", async () => {
    const base = await serve(echo);
    const response = await fetch(`${base}/api/panics`, {
      method: "POST",
      headers: { "x-forwarded-for": "203.0.113.9", "x-forwarded-proto": "https", "x-forwarded-host": "pb.example.com" },
      body: "x",
    });
    const seen = (await response.json()) as Seen;
    expect(seen.headers).toMatchObject({
      "x-forwarded-for": "203.0.113.9",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "pb.example.com",
    });
  });

  it("hands the body over as a stream: a chunked one arrives whole, and an unread one is never buffered", async () => {
    const base = await serve(echo);
    const answer = await rawRequest(
      base,
      ["POST /api/panics HTTP/1.1", "Host: 127.0.0.1", "Transfer-Encoding: chunked", "Connection: close"],
      [`5\r\nhello\r\n`, `6\r\n world\r\n`, "0\r\n\r\n"],
    );
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)).body).toBe("hello world");

    // A handler that refuses before reading (as handle() does without a token) answers at once, and the
    // keep-alive connection still serves the next request.
    let reads = 0;
    const refusing = await serve(async (request) => {
      if (request.headers.get("authorization")) {
        reads++;
        return new Response(await request.text(), { status: 201 });
      }
      return Response.json({ error: "unauthorized" }, { status: 401 });
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (headers: Record<string, string>, body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const request = http.request(`${refusing}/api/panics`, { method: "POST", agent, headers }, (response) => {
          let text = "";
          response.on("data", (chunk: Buffer) => {
            text += chunk.toString("utf8");
          });
          response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
        });
        request.on("error", reject);
        request.end(body);
      });
    expect((await post({}, "x".repeat(256 * 1024))).status).toBe(401);
    expect(await post({ authorization: "Bearer pb_x" }, "second")).toEqual({ status: 201, body: "second" });
    expect(reads).toBe(1);
    agent.destroy();
  });

  it("passes on every Set-Cookie and answers an empty body with Content-Length 0", async () => {
    const base = await serve(async () => {
      const headers = new Headers();
      headers.append("set-cookie", "a=1; Path=/");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response(null, { status: 204, headers });
    });
    const response = await fetch(`${base}/api/panics`, { method: "POST", body: "" });
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
  });

  it("answers a handler that throws with the API's JSON error, not a dropped connection", async () => {
    const base = await serve(async () => {
      throw new Error("boom");
    });
    const response = await fetch(`${base}/api/panics`, { method: "POST", body: "x" });
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({ error: "internal_error" });
  });

  it("closes the connection when an answer's body fails, instead of leaving a rejection unhandled", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const base = await serve(
      async () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.error(new Error("broken body"));
            },
          }),
        ),
    );
    await expect(fetch(`${base}/api/panics`, { method: "POST", body: "x" })).rejects.toThrow();
    expect(console.error).toHaveBeenCalledWith("panicboard: could not write an answer", expect.any(Error));
  });

  it("hands a Host that is no URL's host to the handler as sent, on a URL it can parse", async () => {
    const base = await serve(echo);
    const answer = await rawRequest(base, [
      "POST /api/panics HTTP/1.1",
      "Host: bad host name",
      "Content-Length: 0",
      "Connection: close",
    ]);
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    const seen = JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)) as Seen;
    expect(seen.url).toBe("http://localhost/api/panics");
    expect(seen.headers.host).toBe("bad host name");
  });
});

describe("isUploadRequest", () => {
  it("takes POST /api/panics with or without a query, and nothing else", () => {
    expect(isUploadRequest({ method: "POST", url: "/api/panics" })).toBe(true);
    expect(isUploadRequest({ method: "POST", url: "/api/panics?host=a" })).toBe(true);
    expect(isUploadRequest({ method: "GET", url: "/api/panics" })).toBe(false);
    expect(isUploadRequest({ method: "POST", url: "/api/panics/" })).toBe(false);
    expect(isUploadRequest({ method: "POST", url: "/api/panics/12" })).toBe(false);
    expect(isUploadRequest({ method: "POST", url: "/api/panicsx" })).toBe(false);
    expect(isUploadRequest({ method: "POST", url: "/api/panics%2F" })).toBe(false);
  });
});
