// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AdminPage } from "./AdminPage";

const USERS = [
  {
    id: "a",
    username: "admin",
    role: "admin",
    mustChangePassword: false,
    disabled: false,
  },
  {
    id: "v",
    username: "vera",
    role: "viewer",
    mustChangePassword: false,
    disabled: false,
  },
];
const TOKENS = [
  {
    id: "t",
    userId: "a",
    username: "admin",
    name: "ci",
    prefix: "abc123",
    createdAt: "2026-01-01T00:00:00Z",
  },
];
const AUDIT = {
  entries: [
    {
      id: 9,
      at: "2026-01-01T10:00:00Z",
      actor: "admin",
      action: "pipeline.create",
      targetType: "pipeline",
      targetId: "p1",
      detail: { status: 201 },
      remoteAddr: "127.0.0.1",
    },
  ],
  nextBefore: 9,
};

function serve() {
  const calls: { key: string; body?: string }[] = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${input}`;
    calls.push({ key, body: init?.body as string | undefined });
    const answer = (status: number, body: unknown) =>
      new Response(JSON.stringify(body), { status });
    if (key === "GET /api/users") return answer(200, USERS);
    if (key === "GET /api/tokens?all=true") return answer(200, TOKENS);
    if (key.startsWith("GET /api/audit"))
      return answer(200, key.includes("before=9") ? { entries: [] } : AUDIT);
    if (key === "PATCH /api/users/v")
      return answer(200, { ...USERS[1], role: "editor" });
    if (key === "POST /api/tokens")
      return answer(201, {
        token: { ...TOKENS[0], id: "t2", name: "deploy" },
        secret: "sluice_abc_s3cret",
      });
    if (key === "DELETE /api/tokens/t")
      return answer(200, { ...TOKENS[0], revokedAt: "2026-01-02T00:00:00Z" });
    if (key === "POST /api/users")
      return answer(409, {
        type: "urn:sluice:problem:duplicate-user",
        status: 409,
        detail: "A user named 'vera' exists already.",
      });
    return answer(404, { title: "Not Found", status: 404 });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe("admin page", () => {
  it("lists users and changes a role", async () => {
    const calls = serve();
    const user = userEvent.setup();
    render(<AdminPage />);
    const select = await screen.findByLabelText("Role of vera");
    await user.selectOptions(select, "editor");
    await vi.waitFor(() =>
      expect(calls.some((c) => c.key === "PATCH /api/users/v")).toBe(true),
    );
    expect(
      JSON.parse(
        calls.find((c) => c.key === "PATCH /api/users/v")?.body ?? "{}",
      ),
    ).toEqual({ role: "editor" });
  });

  it("shows a refused user creation with its reason", async () => {
    serve();
    const user = userEvent.setup();
    render(<AdminPage />);
    const form = screen.getByRole("form", { name: "New user" });
    await user.type(within(form).getByLabelText("New user name"), "vera");
    await user.type(
      within(form).getByLabelText("New user password"),
      "long-enough",
    );
    await user.click(within(form).getByRole("button", { name: "Create user" }));
    expect(
      (
        await screen.findByText("A user named 'vera' exists already.")
      ).getAttribute("role"),
    ).toBe("alert");
  });

  it("shows a new token once and revokes a token", async () => {
    const calls = serve();
    const user = userEvent.setup();
    render(<AdminPage />);
    await user.type(screen.getByLabelText("Token name"), "deploy");
    await user.click(screen.getByRole("button", { name: "Create token" }));
    expect((await screen.findByRole("status")).textContent).toContain(
      "sluice_abc_s3cret",
    );
    await user.click(await screen.findByRole("button", { name: "Revoke ci" }));
    await vi.waitFor(() =>
      expect(calls.some((c) => c.key === "DELETE /api/tokens/t")).toBe(true),
    );
  });

  it("shows the audit log and pages to older entries", async () => {
    const calls = serve();
    const user = userEvent.setup();
    render(<AdminPage />);
    const table = await screen.findByRole("table", { name: "Audit entries" });
    expect(await within(table).findByText("pipeline.create")).toBeTruthy();
    await user.type(screen.getByLabelText("Action"), "pipeline");
    await user.click(screen.getByRole("button", { name: "Search" }));
    await vi.waitFor(() =>
      expect(
        calls.some((c) => c.key === "GET /api/audit?action=pipeline"),
      ).toBe(true),
    );
    await user.click(screen.getByRole("button", { name: "Older entries" }));
    await vi.waitFor(() =>
      expect(calls.some((c) => c.key.includes("before=9"))).toBe(true),
    );
  });
});
