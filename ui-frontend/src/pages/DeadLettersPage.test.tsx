// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeadLetter } from "../api/deadLetters";
import { DeadLettersPage } from "./DeadLettersPage";

const LETTERS: DeadLetter[] = [
  {
    id: 7,
    run: "r1",
    node: "files",
    source: "/in/a.csv:5",
    at: "2026-03-01T10:00:02Z",
    reason: "Field 'amount': 'abc' is not a valid long",
    raw: "4,abc",
    status: "waiting",
  },
  {
    id: 6,
    run: "r1",
    node: "big",
    source: "files",
    at: "2026-03-01T10:00:01Z",
    reason: "amount >= 10 failed: overflow",
    raw: '{"id":3}',
    status: "waiting",
  },
  {
    id: 5,
    run: "r1",
    node: "files",
    source: "/in/a.csv:3",
    at: "2026-03-01T10:00:00Z",
    reason: "Field 'amount': '12.5' is not a valid long",
    raw: "2,12.5",
    status: "replayed",
    replayRun: "r0",
  },
];

const COUNTS = {
  nodes: [
    { node: "big", total: 1, waiting: 1, replaying: 0, replayed: 0 },
    { node: "files", total: 2, waiting: 1, replaying: 0, replayed: 1 },
  ],
  total: 3,
  waiting: 2,
};

/** A stand-in for the server at the network boundary: answers by method and path. */
function serve(
  routes: Record<
    string,
    (init?: RequestInit) => { status: number; body?: unknown }
  >,
) {
  const calls: { key: string; body?: string }[] = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${input}`;
    calls.push({
      key,
      body: typeof init?.body === "string" ? init.body : undefined,
    });
    const route = routes[key];
    const { status, body } = route
      ? route(init)
      : { status: 404, body: { title: "Not Found", status: 404 } };
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
    });
  });
  return calls;
}

const BASE = "/api/pipelines/p1/dead-letters";

afterEach(() => vi.unstubAllGlobals());

describe("dead-letter browser", () => {
  it("lists dead letters with node and reason, filters them, and shows a raw record", async () => {
    const user = userEvent.setup();
    const calls = serve({
      [`GET ${BASE}?limit=50`]: () => ({
        status: 200,
        body: { items: LETTERS },
      }),
      [`GET ${BASE}?node=files&limit=50`]: () => ({
        status: 200,
        body: { items: LETTERS.filter((d) => d.node === "files") },
      }),
      [`GET ${BASE}/counts`]: () => ({ status: 200, body: COUNTS }),
    });
    render(<DeadLettersPage pipelineId="p1" />);

    const table = await screen.findByRole("table", { name: "Dead letters" });
    expect(within(table).getAllByRole("row")).toHaveLength(4);
    expect(
      within(table).getByText("Field 'amount': 'abc' is not a valid long"),
    ).toBeTruthy();
    expect(
      (
        screen.getByRole("checkbox", {
          name: "Select dead letter 5",
        }) as HTMLInputElement
      ).disabled,
    ).toBe(true);

    await user.type(
      screen.getByRole("searchbox", { name: "Reason contains" }),
      "overflow",
    );
    expect(within(table).getAllByRole("row")).toHaveLength(2);
    await user.clear(
      screen.getByRole("searchbox", { name: "Reason contains" }),
    );

    await user.selectOptions(
      screen.getByRole("combobox", { name: "Node" }),
      "files",
    );
    await vi.waitFor(() =>
      expect(calls.map((c) => c.key)).toContain(
        `GET ${BASE}?node=files&limit=50`,
      ),
    );
    await vi.waitFor(() =>
      expect(screen.queryByText("amount >= 10 failed: overflow")).toBeNull(),
    );
    expect(
      screen.getByRole("link", { name: "Download CSV" }).getAttribute("href"),
    ).toBe(`${BASE}/download?format=csv&node=files`);

    await user.click(screen.getByRole("button", { name: "View 7" }));
    const raw = screen.getByRole("region", { name: "Raw record" });
    expect(within(raw).getByText("4,abc")).toBeTruthy();
  }, 20_000);

  it("replays the selected dead letters and shows how the replay ended", async () => {
    const user = userEvent.setup();
    let runState = "starting";
    const calls = serve({
      [`GET ${BASE}?limit=50`]: () => ({
        status: 200,
        body: { items: LETTERS },
      }),
      [`GET ${BASE}/counts`]: () => ({ status: 200, body: COUNTS }),
      [`POST ${BASE}/replay`]: () => ({
        status: 201,
        body: {
          run: { id: "r2", pipelineId: "p1", version: 2, state: "starting" },
          deadLetters: [6, 7],
        },
      }),
      "GET /api/runs/r2": () => ({
        status: 200,
        body: { id: "r2", pipelineId: "p1", version: 2, state: runState },
      }),
    });
    render(<DeadLettersPage pipelineId="p1" />);

    await screen.findByRole("table", { name: "Dead letters" });
    const replay = screen.getByRole("button", { name: "Replay selected" });
    expect((replay as HTMLButtonElement).disabled).toBe(true);
    await user.click(
      screen.getByRole("checkbox", { name: "Select dead letter 7" }),
    );
    await user.click(
      screen.getByRole("checkbox", { name: "Select dead letter 6" }),
    );
    runState = "finished";
    await user.click(replay);

    expect(calls.find((c) => c.key === `POST ${BASE}/replay`)?.body).toBe(
      '{"ids":[6,7]}',
    );
    const status = screen.getByRole("status", { name: "Replay status" });
    await vi.waitFor(
      () =>
        expect(status.textContent).toContain(
          "Replay of 2 dead letters finished",
        ),
      { timeout: 5000 },
    );
  }, 20_000);

  it("shows the server problem when the dead letters are kept elsewhere", async () => {
    serve({
      [`GET ${BASE}?limit=50`]: () => ({
        status: 409,
        body: {
          type: "urn:sluice:problem:dead-letters-elsewhere",
          title: "Conflict",
          status: 409,
          detail:
            "The dead letters of this pipeline go to the directory /tmp/bad",
        },
      }),
      [`GET ${BASE}/counts`]: () => ({ status: 200, body: COUNTS }),
    });
    render(<DeadLettersPage pipelineId="p1" />);

    expect((await screen.findByRole("alert")).textContent).toContain(
      "/tmp/bad",
    );
  });
});
