import { createHash, randomBytes } from "node:crypto";
import { getDb, Prisma } from "../db";
import { AppError } from "../errors";
import { processState } from "../process-state";

const TOKEN_PREFIX = "pb_";

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export interface CreatedToken {
  name: string;
  /** Shown once; only its sha-256 is stored. */
  token: string;
  prefix: string;
}

/** Creates an API token; the plain token is returned once and never stored. */
export async function createApiToken(name: string): Promise<CreatedToken> {
  const token = `${TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
  const prefix = token.slice(0, 10);
  try {
    await getDb().apiToken.create({ data: { name, tokenHash: hashToken(token), prefix } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", `A token named '${name}' exists already; revoke it or pick another name`);
    }
    throw error;
  }
  return { name, token, prefix };
}

export interface TokenListRow {
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiTokens(): Promise<TokenListRow[]> {
  return getDb().apiToken.findMany({
    orderBy: { createdAt: "asc" },
    select: { name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/**
 * Valid tokens seen recently, by hash: a fleet uploading after a mass reboot would otherwise cost a
 * token lookup per request; with this, each token costs at most one lookup a second. A revocation in
 * this process clears it at once; one made elsewhere (`npx panicboard token revoke`, another app
 * process) takes effect within VERIFIED_TTL_MS of its commit, counted from the start of the lookup
 * that read the token as valid.
 */
export const VERIFIED_TTL_MS = 1_000;
/** Per process (processState), so that every copy of this module sees a revocation made in another. */
const tokenCache = processState("verified-tokens", () => ({
  verified: new Map<string, { name: string; until: number }>(),
  /** Bumped by every revocation, so that a lookup that raced one does not cache its stale answer. */
  revocations: 0,
}));

/** Revokes a token by name; false when no active token has that name. */
export async function revokeApiToken(name: string): Promise<boolean> {
  const result = await getDb().apiToken.updateMany({
    where: { name, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  tokenCache.revocations += 1;
  tokenCache.verified.clear();
  return result.count > 0;
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The token's name when it is valid and not revoked; null otherwise. Records its use at most once a minute. */
export async function verifyApiToken(token: string): Promise<string | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const hash = hashToken(token);
  const hit = tokenCache.verified.get(hash);
  if (hit && hit.until > Date.now()) return hit.name;
  const db = getDb();
  const generation = tokenCache.revocations;
  const readAt = Date.now();
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hash },
    select: { id: true, name: true, revokedAt: true, lastUsedAt: true },
  });
  if (!row || row.revokedAt) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  if (tokenCache.verified.size > 10_000) tokenCache.verified.clear();
  if (generation === tokenCache.revocations)
    tokenCache.verified.set(hash, { name: row.name, until: readAt + VERIFIED_TTL_MS });
  return row.name;
}
