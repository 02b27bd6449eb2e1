"use client";

import { useActionState } from "react";
import type { SignInState } from "./actions";

/** The token field, and with basic auth configured, user and password as an alternative. */
export function SignInForm({
  action,
  next,
  basic,
}: {
  action: (state: SignInState, form: FormData) => Promise<SignInState>;
  next: string;
  basic: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as SignInState);
  return (
    <form action={formAction} className="form-grid" aria-label="Sign in">
      <input type="hidden" name="next" value={next} />
      <label>
        API token <span className="hint">(npx panicboard token create --name YOUR-NAME)</span>
        <input type="password" name="token" autoComplete="off" placeholder="pb_..." />
      </label>
      {basic ? (
        <fieldset className="form-grid">
          <legend>or the dashboard&apos;s user name and password (PANICBOARD_BASIC_AUTH)</legend>
          <label>
            User
            <input type="text" name="user" autoComplete="username" />
          </label>
          <label>
            Password
            <input type="password" name="password" autoComplete="current-password" />
          </label>
        </fieldset>
      ) : null}
      {state.status === "error" ? (
        <p className="error-text" role="alert">
          {state.message}
        </p>
      ) : null}
      <div>
        <button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </div>
    </form>
  );
}
