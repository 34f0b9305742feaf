// @vitest-environment jsdom
import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Overview } from "../api/types";
import { OverviewPage } from "./OverviewPage";

const NOW = new Date().toISOString();
const OVERVIEW: Overview = {
  at: NOW,
  from: new Date(Date.now() - 3600_000).toISOString(),
  step: "1m",
  pipelines: [
    {
      id: "a",
      name: "orders",
      latestVersion: 3,
      latestRun: { id: "r1", state: "running", version: 3 },
      metrics: {
        at: NOW,
        jobId: "j",
        nodes: [
          {
            nodeId: "gen",
            kind: "source",
            recordsOut: 900,
            recordsOutPerSecond: 120,
          },
          {
            nodeId: "db",
            kind: "sink",
            recordsIn: 880,
            recordsInPerSecond: 118.5,
          },
        ],
        checkpoints: { completed: 4 },
      },
      lastCheckpointAt: new Date(Date.now() - 12_000).toISOString(),
      restartsInWindow: 0,
      throughput: [
        { at: NOW, recordsInPerSecond: 120, recordsOutPerSecond: 118.5 },
      ],
    },
    {
      id: "b",
      name: "clicks",
      latestVersion: 1,
      latestRun: {
        id: "r2",
        state: "failed",
        version: 1,
        failure: "Kafka is unreachable",
      },
      throughput: [],
    },
    { id: "c", name: "audit", latestVersion: 1, throughput: [] },
  ],
};

function serve(overview: Overview) {
  vi.stubGlobal("fetch", async (input: string) =>
    input === "/api/overview"
      ? new Response(JSON.stringify(overview), { status: 200 })
      : new Response(JSON.stringify({ title: "Not Found", status: 404 }), {
          status: 404,
        }),
  );
}

afterEach(() => vi.unstubAllGlobals());

const names = () =>
  screen
    .getAllByRole("row")
    .slice(1)
    .map((r) => within(r).getAllByRole("link")[0]?.textContent);

describe("monitoring overview", () => {
  it("shows each pipeline with its state, rates, lag and checkpoint age, problems first", async () => {
    serve(OVERVIEW);
    render(<OverviewPage />);
    const row = (await screen.findByRole("link", { name: "orders" })).closest(
      "tr",
    ) as HTMLElement;
    expect(within(row).getByLabelText("State of orders").textContent).toContain(
      "running",
    );
    expect(within(row).getByText("120/s")).toBeTruthy();
    expect(within(row).getByText("118.5/s")).toBeTruthy();
    expect(within(row).getByText("not measured")).toBeTruthy();
    expect(within(row).getByText(/^1[0-9] s ago$/)).toBeTruthy();
    expect(
      within(row).getByRole("link", { name: "orders" }).getAttribute("href"),
    ).toBe("/pipelines/a/monitor");

    const failed = screen
      .getByRole("link", { name: "clicks" })
      .closest("tr") as HTMLElement;
    expect(failed.className).toContain("is-problem");
    expect(
      within(
        within(failed).getByRole("list", { name: "Problems of clicks" }),
      ).getByText("Failed: Kafka is unreachable"),
    ).toBeTruthy();
    expect(names()).toEqual(["clicks", "audit", "orders"]);
  });

  it("sorts by a column and filters by name and state", async () => {
    serve(OVERVIEW);
    const user = userEvent.setup();
    render(<OverviewPage />);
    await screen.findByRole("link", { name: "orders" });

    await user.click(screen.getByRole("button", { name: /^Pipeline/ }));
    expect(names()).toEqual(["clicks", "orders", "audit"]);
    expect(
      screen
        .getByRole("columnheader", { name: /^Pipeline/ })
        .getAttribute("aria-sort"),
    ).toBe("descending");

    await user.selectOptions(
      screen.getByRole("combobox", { name: "Show" }),
      "active",
    );
    expect(names()).toEqual(["orders"]);
    await user.selectOptions(
      screen.getByRole("combobox", { name: "Show" }),
      "all",
    );
    await user.type(
      screen.getByRole("searchbox", { name: "Filter pipelines" }),
      "AUD",
    );
    expect(names()).toEqual(["audit"]);
  });
});
