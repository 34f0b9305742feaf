import { useState, type FormEvent } from "react";
import { authApi } from "../api/auth";
import { ApiError } from "../api/client";
import { setSession } from "../auth/session";

/** Choosing a new password: forced after a generated or reset one, or asked for by the user. */
export function ChangePasswordPage({
  forced,
  onDone,
}: {
  forced: boolean;
  onDone?: () => void;
}) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== again) {
      setError("The two new passwords differ.");
      return;
    }
    try {
      const me = await authApi.changePassword(current, next);
      setSession({ status: "user", me });
      onDone?.();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <main className="page page--narrow">
      <h1>Choose a new password</h1>
      {forced && (
        <p>
          Your password was generated or reset by an admin: choose your own
          before going on.
        </p>
      )}
      <form onSubmit={submit} className="form" aria-label="Change password">
        <label>
          Current password
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            required
          />
        </label>
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            minLength={8}
            value={next}
            onChange={(e) => setNext(e.target.value)}
            required
          />
        </label>
        <label>
          New password again
          <input
            type="password"
            autoComplete="new-password"
            minLength={8}
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            required
          />
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit">Change password</button>
      </form>
    </main>
  );
}
