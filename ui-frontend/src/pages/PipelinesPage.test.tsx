// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PipelineSummary } from "../api/types";
import { PipelinesPage } from "./PipelinesPage";

const PIPELINES: PipelineSummary[] = [
  {
    id: "a",
    name: "orders",
    latestVersion: 2,
    latestRun: {
      id: "r1",
      state: "failed",
      failure: "Table orders is missing",
    },
  },
  { id: "b", name: "clicks", latestVersion: 1 },
];

/** A stand-in for the server at the network boundary: answers by method and path. */
function serve(
  routes: Record<
    string,
    (init?: RequestInit) => { status: number; body?: unknown }
  >,
) {
  const calls: string[] = [];
  vi.stubGlobal("fetch", async (input: string, init?: RequestInit) => {
    const key = `${init?.method ?? "GET"} ${input}`;
    calls.push(key);
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

afterEach(() => vi.unstubAllGlobals());

describe("pipelines page", () => {
  it("lists pipelines as rows with a link, the run state and actions", async () => {
    serve({ "GET /api/pipelines": () => ({ status: 200, body: PIPELINES }) });
    render(<PipelinesPage />);
    const row = (await screen.findByRole("link", { name: "orders" })).closest(
      "tr",
    ) as HTMLElement;
    expect(
      within(row).getByRole("link", { name: "orders" }).getAttribute("href"),
    ).toBe("/pipelines/a");
    expect(within(row).getByText("failed")).toBeTruthy();
    expect(within(row).getByText("Table orders is missing")).toBeTruthy();
    const other = screen
      .getByRole("link", { name: "clicks" })
      .closest("tr") as HTMLElement;
    expect(within(other).getByText("never run")).toBeTruthy();
    expect(
      within(other).getByRole("button", { name: "Rename clicks" }),
    ).toBeTruthy();
  });

  it("shows each pipeline's schedule: kind, status and next run; by hand when it has none", async () => {
    serve({
      "GET /api/pipelines": () => ({ status: 200, body: PIPELINES }),
      "GET /api/schedules": () => ({
        status: 200,
        body: [
          {
            id: "s",
            pipelineId: "a",
            kind: "cron",
            cron: "0 2 * * *",
            timeZone: "Europe/Berlin",
            paused: false,
            status: "active",
            nextFireTimes: ["2026-12-02T01:00:00Z"],
          },
        ],
      }),
    });
    render(<PipelinesPage />);
    const row = (await screen.findByRole("link", { name: "orders" })).closest(
      "tr",
    ) as HTMLElement;
    expect(
      screen.getAllByRole("columnheader").map((h) => h.textContent),
    ).toContain("Schedule");
    expect(
      await within(row).findByText(
        "cron, active; next Wed 2 Dec 2026, 02:00 (Europe/Berlin)",
      ),
    ).toBeTruthy();
    const other = screen
      .getByRole("link", { name: "clicks" })
      .closest("tr") as HTMLElement;
    expect(within(other).getByText("by hand")).toBeTruthy();
  });

  it("deletes a pipeline only after confirming, and shows the problem when it fails", async () => {
    const user = userEvent.setup();
    const calls = serve({
      "GET /api/pipelines": () => ({ status: 200, body: PIPELINES }),
      "DELETE /api/pipelines/b": () => ({
        status: 503,
        body: {
          type: "urn:sluice:problem:catalog-unavailable",
          title: "Service Unavailable",
          status: 503,
          detail: "The catalog cannot be reached.",
        },
      }),
    });
    render(<PipelinesPage />);
    await user.click(
      await screen.findByRole("button", { name: "Delete clicks" }),
    );
    const dialog = screen.getByRole("dialog");
    expect(calls).not.toContain("DELETE /api/pipelines/b");
    await user.click(within(dialog).getByRole("button", { name: "Delete" }));
    expect(calls).toContain("DELETE /api/pipelines/b");
    expect((await within(dialog).findByRole("alert")).textContent).toContain(
      "The catalog cannot be reached.",
    );
  });
});
