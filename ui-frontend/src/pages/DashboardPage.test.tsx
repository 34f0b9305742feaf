// @vitest-environment jsdom
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LiveMetrics, MetricsSeries, Run } from "../api/types";
import { DashboardPage } from "./DashboardPage";

const NOW = Date.now();
const at = (secondsAgo: number) =>
  new Date(NOW - secondsAgo * 1000).toISOString();

const RUN: Run = {
  id: "r1",
  pipelineId: "p",
  version: 2,
  state: "running",
  createdAt: at(300),
};

const LIVE: LiveMetrics = {
  pipelineId: "p",
  runId: "r1",
  state: "running",
  metrics: {
    at: at(1),
    jobId: "j",
    nodes: [
      {
        nodeId: "gen",
        kind: "source",
        recordsOut: 12345,
        recordsOutPerSecond: 200,
      },
      { nodeId: "db", kind: "sink", recordsIn: 6000, recordsInPerSecond: 100 },
    ],
    checkpoints: {
      completed: 3,
      lastCompletedAt: at(4),
      lastDurationMillis: 120,
      lastSizeBytes: 4096,
    },
    restarts: 1,
    uptimeMillis: 300_000,
    deadLetterRecords: 7,
  },
};

const SERIES: MetricsSeries = {
  runId: "r1",
  from: at(600),
  to: at(0),
  step: "5s",
  resolution: "5s",
  run: [{ at: at(10), deadLetter: 7, restarts: 1 }],
  nodes: { gen: [{ nodeId: "gen", at: at(10), recordsOutRate: 190 }] },
};

function serve(series: MetricsSeries = SERIES) {
  const calls: string[] = [];
  vi.stubGlobal("fetch", async (input: string) => {
    calls.push(input);
    const body =
      input === "/api/pipelines/p"
        ? { id: "p", name: "orders", latestVersion: 2 }
        : input === "/api/pipelines/p/runs"
          ? [RUN]
          : input === "/api/pipelines/p/metrics/live"
            ? LIVE
            : input.startsWith("/api/runs/r1/metrics?")
              ? series
              : undefined;
    return body === undefined
      ? new Response(JSON.stringify({ title: "Not Found", status: 404 }), {
          status: 404,
        })
      : new Response(JSON.stringify(body), { status: 200 });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

const stat = (id: string) => within(screen.getByTestId(`stat-${id}`));

describe("pipeline dashboard", () => {
  it("shows the latest run’s values, lag as not measured, and reads the range the picker names", async () => {
    const calls = serve();
    const user = userEvent.setup();
    render(<DashboardPage pipelineId="p" />);

    expect(
      await screen.findByRole("heading", { level: 1, name: "orders" }),
    ).toBeTruthy();
    await waitFor(() =>
      expect(stat("records-in").getByText("12,345")).toBeTruthy(),
    );
    expect(stat("records-in").getByText("200/s")).toBeTruthy();
    expect(stat("records-out").getByText("6,000")).toBeTruthy();
    expect(stat("lag").getByText("not measured")).toBeTruthy();
    expect(stat("dead-letter").getByText("7")).toBeTruthy();
    expect(stat("restarts").getByText("1")).toBeTruthy();
    expect(stat("checkpoint").getByText("120 ms · 4 KB")).toBeTruthy();
    expect(stat("uptime").getByText("5 min")).toBeTruthy();
    expect(
      screen.getByRole("status", { name: "Run state" }).textContent,
    ).toContain("running");

    await waitFor(() =>
      expect(
        screen.getByRole("figure", { name: "Records out per second" }),
      ).toBeTruthy(),
    );
    expect(screen.getByRole("figure", { name: "Lag" }).textContent).toContain(
      "Not measured",
    );
    const live = calls.find((c) =>
      c.startsWith("/api/runs/r1/metrics?"),
    ) as string;
    expect(new URLSearchParams(live.split("?")[1]).get("step")).toBe("5s");

    await user.click(screen.getByRole("radio", { name: "24 h" }));
    expect(
      screen.getByRole("radio", { name: "24 h" }).getAttribute("aria-checked"),
    ).toBe("true");
    await waitFor(() =>
      expect(
        calls.filter((c) => c.startsWith("/api/runs/r1/metrics?")).length,
      ).toBe(2),
    );
    const day = new URLSearchParams(
      (
        calls.filter((c) => c.startsWith("/api/runs/r1/metrics?"))[1] as string
      ).split("?")[1],
    );
    expect(day.get("step")).toBeNull();
    expect(
      Date.parse(day.get("to") as string) -
        Date.parse(day.get("from") as string),
    ).toBe(24 * 3600 * 1000);
  });

  it("charts the lag the history keeps, for the sources that have it", async () => {
    serve({
      ...SERIES,
      nodes: {
        gen: [{ nodeId: "gen", at: at(10), recordsOutRate: 190 }],
        orders: [
          { nodeId: "orders", at: at(15), recordsOutRate: 90, lagRecords: 5000 },
          { nodeId: "orders", at: at(10), recordsOutRate: 95, lagRecords: 1200 },
        ],
      },
    });
    render(<DashboardPage pipelineId="p" />);

    const chart = await screen.findByRole("figure", { name: "Lag (records)" });
    expect(chart.textContent).toContain("orders: 1,200");
    expect(chart.textContent).not.toContain("gen");
    expect(screen.queryByRole("figure", { name: "Lag" })).toBeNull();
  });
});
