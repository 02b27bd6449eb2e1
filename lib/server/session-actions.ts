import { cookies, headers } from "next/headers";
import { loadEnv } from "../env";
import { rememberWrite } from "./db/read";
import { type AppError, toAppError } from "./errors";
import { isServedOverTls } from "./http/security-headers";
import {
  createSession,
  deleteSession,
  readSession,
  resolveActionWriter,
  SESSION_COOKIE,
  type SignInCredentials,
  type Writer,
} from "./session";

/**
 * Declares a server action as a write, where it is defined, like handle({ access: "write" }) for a
 * route: `export const saveThing = withWriteAccess(async (writer, form: FormData) => ..., refused)`.
 * The credential (session cookie or API token) and the request's Origin are checked on the server
 * before the action runs; `refused` turns the refusal into the action's own result type.
 */
export function withWriteAccess<Args extends unknown[], Result>(
  action: (writer: Writer, ...args: Args) => Promise<Result>,
  refused: (error: AppError, ...args: Args) => Result,
): ((...args: Args) => Promise<Result>) & { access: "write" } {
  const guarded = async (...args: Args): Promise<Result> => {
    let writer: Writer;
    try {
      writer = await resolveActionWriter(await headers(), (await cookies()).get(SESSION_COOKIE)?.value, loadEnv());
    } catch (error) {
      return refused(toAppError(error, "The request"), ...args);
    }
    const result = await action(writer, ...args);
    // With a read replica, the writer's next page waits for this write (lib/server/db/read.ts).
    await rememberWrite();
    return result;
  };
  return Object.assign(guarded, { access: "write" as const });
}

/** Who is signed in on this request, or null; whether writes are open to anyone (PANICBOARD_WRITE_AUTH=none). */
export async function getSignedInWriter(): Promise<{ name: string | null; openWrites: boolean }> {
  const env = loadEnv();
  const session = await readSession((await cookies()).get(SESSION_COOKIE)?.value, env);
  return { name: session?.principal ?? null, openWrites: env.PANICBOARD_WRITE_AUTH === "none" };
}

/** Opens a session and sets its cookie: HttpOnly, SameSite=Strict, Secure when served over TLS. */
export async function signIn(credentials: SignInCredentials): Promise<string> {
  const env = loadEnv();
  const { cookie, principal, expiresAt } = await createSession(credentials, env);
  const tls = isServedOverTls({ headers: await headers() } as Request, env);
  (await cookies()).set(SESSION_COOKIE, cookie, {
    httpOnly: true,
    sameSite: "strict",
    secure: tls,
    path: "/",
    expires: expiresAt,
  });
  return principal;
}

/** Ends the session of this request's cookie and removes the cookie. */
export async function signOut(): Promise<void> {
  const store = await cookies();
  await deleteSession(store.get(SESSION_COOKIE)?.value);
  store.delete(SESSION_COOKIE);
}
