// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api } from "../api/client";
import { csrfToken, sessionState, setSession } from "../auth/session";
import { LoginPage } from "./LoginPage";

afterEach(() => {
  vi.unstubAllGlobals();
  setSession({ status: "unknown" });
});

describe("login page", () => {
  it("logs in, keeps the CSRF token and sends it on later writes", async () => {
    const calls: {
      key: string;
      headers: Record<string, string>;
      body?: string;
    }[] = [];
    vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
      const key = `${init?.method ?? "GET"} ${input}`;
      calls.push({
        key,
        headers: (init?.headers ?? {}) as Record<string, string>,
        body: init?.body as string | undefined,
      });
      if (key === "POST /api/auth/login") {
        return new Response(
          JSON.stringify({
            user: {
              id: "u",
              username: "ada",
              role: "editor",
              mustChangePassword: false,
              disabled: false,
            },
            via: "session",
            csrfToken: "csrf-1",
          }),
          { status: 200 },
        );
      }
      return new Response(JSON.stringify({ id: "p", name: "x" }), {
        status: 201,
      });
    });
    const user = userEvent.setup();
    render(<LoginPage />);
    await user.type(screen.getByLabelText("User name"), "ada");
    await user.type(screen.getByLabelText("Password"), "secret-password");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    await vi.waitFor(() => expect(sessionState().status).toBe("user"));
    expect(JSON.parse(calls[0]?.body ?? "{}")).toEqual({
      username: "ada",
      password: "secret-password",
    });
    expect(csrfToken()).toBe("csrf-1");

    await api.createPipeline({ name: "x" });
    const write = calls.find((c) => c.key === "POST /api/pipelines");
    expect(write?.headers["x-csrf-token"]).toBe("csrf-1");
  });

  it("shows why a login failed", async () => {
    vi.stubGlobal(
      "fetch",
      async () =>
        new Response(
          JSON.stringify({
            type: "urn:sluice:problem:invalid-credentials",
            status: 401,
            detail: "The user name or password is wrong.",
          }),
          {
            status: 401,
          },
        ),
    );
    const user = userEvent.setup();
    render(<LoginPage />);
    await user.type(screen.getByLabelText("User name"), "ada");
    await user.type(screen.getByLabelText("Password"), "nope");
    await user.click(screen.getByRole("button", { name: "Log in" }));
    expect((await screen.findByRole("alert")).textContent).toContain("wrong");
    expect(sessionState().status).toBe("unknown");
  });
});
