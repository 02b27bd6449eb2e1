import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import type { TLSSocket } from "node:tls";
import { NextRequest } from "next/server";
import { errorResponse } from "./response";

/** A route handler as app/ exports it (`handle()` in lib/server/http/handle.ts). */
export type RouteHandler = (request: NextRequest) => Promise<Response>;

export interface NodeRouteOptions {
  /** The port the server listens on, for `x-forwarded-port` as Next sets it. */
  port: number;
}

/**
 * Serves one request with an App Router route handler straight from node:http, for the one hot route
 * that scripts/server.ts takes off Next's request pipeline (POST /api/panics; docs/scaling.md has why).
 * The handler sees what Next would give it: a NextRequest with the same URL, the same headers,
 * `x-forwarded-*` filled in as Next fills them (base-server.ts: only those the client did not send),
 * and the body as a stream, read only if and when the handler reads it (after its access check, within
 * its own limits); its Response is written back as it is.
 */
export async function serveRoute(
  handler: RouteHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: NodeRouteOptions,
): Promise<void> {
  let response: Response;
  try {
    response = await handler(toNextRequest(req, options.port));
  } catch (error) {
    response = errorResponse(error);
  }
  // A body the handler left unread (a refusal before reading) is read and dropped, as Node does for
  // its own unread requests, so that the connection can carry the client's next request.
  if (!req.complete) {
    req.removeAllListeners("data");
    req.resume();
  }
  try {
    await writeResponse(res, response);
  } catch (error) {
    // The answer's own body failed (our answers are built in memory, so this is a bug): never a
    // rejection nobody handles, which would end the process.
    console.error("panicboard: could not write an answer", error);
    res.destroy();
  }
}

/** POST /api/panics, with or without a query: the request scripts/server.ts serves with serveRoute. */
export function isUploadRequest(req: Pick<IncomingMessage, "method" | "url">): boolean {
  const path = "/api/panics";
  if (req.method !== "POST" || !req.url?.startsWith(path)) return false;
  const rest = req.url.slice(path.length);
  return rest === "" || rest.startsWith("?");
}

function toNextRequest(req: IncomingMessage, port: number): NextRequest {
  const encrypted = (req.socket as TLSSocket).encrypted === true;
  const https = req.headers["x-forwarded-proto"] ? req.headers["x-forwarded-proto"] === "https" : encrypted;
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const host = req.headers.host;
  if (!headers.has("x-forwarded-host") && host) headers.set("x-forwarded-host", host);
  if (!headers.has("x-forwarded-port")) headers.set("x-forwarded-port", String(port));
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", https ? "https" : "http");
  if (!headers.has("x-forwarded-for") && req.socket.remoteAddress)
    headers.set("x-forwarded-for", req.socket.remoteAddress);
  const origin = `${encrypted ? "https" : "http"}://`;
  // A missing Host, or one that is no URL's host, still reaches the handler, whose Host check answers it.
  const authority = host && URL.canParse(`${origin}${host}/`) ? host : "localhost";
  const hasBody = req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  const init = {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    // A stream body is sent while the answer may already come back (undici requires saying so; the
    // RequestInit type of Next's and of the DOM's lib do not know the field).
    duplex: "half",
  };
  return new NextRequest(`${origin}${authority}${req.url}`, init as ConstructorParameters<typeof NextRequest>[1]);
}

async function writeResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  headers["content-length"] = String(body?.length ?? 0);
  if (res.destroyed) return;
  res.writeHead(response.status, headers);
  res.end(body);
}
