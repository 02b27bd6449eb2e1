"use server";

import { redirect } from "next/navigation";
import { toAppError } from "@/lib/server/errors";
import { signIn, signOut } from "@/lib/server/session-actions";

export type SignInState = { status: "idle" } | { status: "error"; message: string };

/** Only a path of this dashboard: never `//evil.example` or `https://...` (an open redirect). */
function safeNext(value: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(value) ? value : "/";
}

/**
 * The sign-in form: an API token, or the basic-auth user and password under
 * PANICBOARD_READ_AUTH=basic. Opens a session (an HttpOnly, SameSite=Strict cookie) and goes back.
 */
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const token = String(form.get("token") ?? "").trim();
  const user = String(form.get("user") ?? "");
  const password = String(form.get("password") ?? "");
  if (!token && !(user && password)) {
    return { status: "error", message: "Enter an API token (npx panicboard token create --name NAME)" };
  }
  try {
    await signIn(token ? { token } : { user, password });
  } catch (error) {
    return { status: "error", message: toAppError(error, "Signing in").message };
  }
  redirect(safeNext(String(form.get("next") ?? "/")));
}

/** Ends this browser's session. */
export async function signOutAction(): Promise<void> {
  await signOut();
  redirect("/");
}
