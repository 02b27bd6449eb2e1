import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { NextRequest } from "next/server";
import { AppError } from "../errors";
import { errorResponse } from "./response";

/** A route handler as app/ exports it (`handle()` in lib/server/http/handle.ts). */
export type RouteHandler = (request: NextRequest) => Promise<Response>;

export interface NodeRouteOptions {
  /** The largest body the route accepts; a longer one is refused as too_large without being kept. */
  maxBodyBytes: number;
  /** The port the server listens on, for `x-forwarded-port` as Next sets it. */
  port: number;
}

/**
 * Serves one request with an App Router route handler straight from node:http, for the one hot route
 * that scripts/server.ts takes off Next's request pipeline (POST /api/panics; docs/scaling.md has why).
 * The handler sees what Next would give it: a NextRequest with the same URL, the same headers,
 * `x-forwarded-*` filled in as Next fills them (base-server.ts: only those the client did not send),
 * and the body; its Response is written back as it is. A body over `maxBodyBytes` is answered with
 * too_large and the connection is closed; a declared one never reaches here (see `declaresTooMuch`).
 */
export async function serveRoute(
  handler: RouteHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: NodeRouteOptions,
): Promise<void> {
  let response: Response;
  try {
    const body = await readCapped(req, options.maxBodyBytes);
    if (body === null) {
      res.shouldKeepAlive = false;
      response = errorResponse(
        new AppError("too_large", `The request exceeds the limit of ${options.maxBodyBytes} bytes`, {
          limit: options.maxBodyBytes,
        }),
      );
    } else {
      response = await handler(toNextRequest(req, body, options.port));
    }
  } catch (error) {
    response = errorResponse(error);
  }
  await writeResponse(res, response);
}

/** POST /api/panics, with or without a query: the request scripts/server.ts serves with serveRoute. */
export function isUploadRequest(req: Pick<IncomingMessage, "method" | "url">): boolean {
  const path = "/api/panics";
  if (req.method !== "POST" || !req.url?.startsWith(path)) return false;
  const rest = req.url.slice(path.length);
  return rest === "" || rest.startsWith("?");
}

/** A Content-Length over `limit`: such a request is left to Next, whose route refuses it in full. */
export function declaresTooMuch(req: IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  return Number.isFinite(declared) && declared > limit;
}

/** The body, or null once it grows past `limit` (the rest is not read: the caller closes the connection). */
async function readCapped(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
}

function toNextRequest(req: IncomingMessage, body: Buffer, port: number): NextRequest {
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
  return new NextRequest(`${origin}${authority}${req.url}`, {
    method: req.method,
    headers,
    body: body.length > 0 ? new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.byteLength) : null,
  });
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
