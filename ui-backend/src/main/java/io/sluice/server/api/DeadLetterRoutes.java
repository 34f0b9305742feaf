package io.sluice.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.catalog.DeadLetter;
import io.sluice.catalog.DeadLetterCatalog;
import io.sluice.catalog.DeadLetterCount;
import io.sluice.catalog.Pipeline;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineNotFoundException;
import io.sluice.catalog.Run;
import io.sluice.model.document.DeadLetterTarget;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.problem.Problem;
import io.sluice.server.auth.Role;
import io.sluice.server.runs.RunService;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The dead-letter browser: a pipeline's dead letters from the catalog's {@code dead_letters} table,
 * a page at a time (newest first), counted per node, downloaded as JSON lines or CSV, and replayed
 * through the pipeline's latest version.
 */
public final class DeadLetterRoutes {
  static final int DEFAULT_LIMIT = 50;
  private static final int MAX_NODE = 200;

  private final PipelineCatalog pipelines;
  private final DeadLetterCatalog deadLetters;
  private final RunService runs;
  private final ObjectMapper mapper;

  public DeadLetterRoutes(
      PipelineCatalog pipelines,
      DeadLetterCatalog deadLetters,
      RunService runs,
      ObjectMapper mapper) {
    this.pipelines = pipelines;
    this.deadLetters = deadLetters;
    this.runs = runs;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/pipelines/{id}/dead-letters", this::page, Role.VIEWER);
    routes.get("/api/pipelines/{id}/dead-letters/counts", this::counts, Role.VIEWER);
    routes.get("/api/pipelines/{id}/dead-letters/download", this::download, Role.VIEWER);
    routes.post("/api/pipelines/{id}/dead-letters/replay", this::replay, Role.EDITOR);
  }

  /** A dead letter as the API shows it. */
  record View(
      long id,
      UUID run,
      String node,
      String source,
      Instant at,
      String reason,
      String raw,
      String status,
      UUID replayRun,
      Instant replayedAt) {
    static View of(DeadLetter d) {
      String status =
          d.replayedAt() != null ? "replayed" : d.replayRunId() != null ? "replaying" : "waiting";
      return new View(
          d.id(),
          d.runId(),
          d.node(),
          d.source(),
          d.at(),
          d.reason(),
          d.raw(),
          status,
          d.replayRunId(),
          d.replayedAt());
    }
  }

  /** A page: the dead letters and the cursor of the next page (null on the last). */
  record Page(List<View> items, Long next) {}

  /** Counts per node and in all. */
  record Counts(List<NodeCount> nodes, long total, long waiting) {}

  record NodeCount(String node, long total, long waiting, long replaying, long replayed) {}

  /** What a replay started: its run and the dead letters it took. */
  record ReplayStarted(Run run, List<Long> deadLetters) {}

  private void page(Context ctx) {
    UUID pipelineId = pipelineInCatalog(ctx);
    List<Problem> problems = new ArrayList<>();
    DeadLetterCatalog.Filter filter = filter(ctx, problems);
    Long after = longParam(ctx, "after", problems);
    Long limitParam = longParam(ctx, "limit", problems);
    if (limitParam != null && limitParam > DeadLetterCatalog.MAX_PAGE) {
      problems.add(
          new Problem(
              null,
              "limit",
              "out-of-range",
              "'limit' must be at most "
                  + DeadLetterCatalog.MAX_PAGE
                  + ", was "
                  + limitParam
                  + "."));
    }
    fail(problems);
    int limit = limitParam == null ? DEFAULT_LIMIT : limitParam.intValue();
    // One more than asked tells whether there is a next page; at the largest page, a full page
    // gets a cursor even if the next page turns out empty.
    int fetch = Math.min(limit + 1, DeadLetterCatalog.MAX_PAGE);
    List<DeadLetter> rows = deadLetters.page(pipelineId, filter, after, fetch);
    Long next = null;
    if (rows.size() > limit || (fetch == limit && rows.size() == limit)) {
      rows = rows.subList(0, limit);
      next = rows.get(limit - 1).id();
    }
    ctx.json(new Page(rows.stream().map(View::of).toList(), next));
  }

  private void counts(Context ctx) {
    UUID pipelineId = pipelineInCatalog(ctx);
    List<NodeCount> nodes = new ArrayList<>();
    long total = 0;
    long waiting = 0;
    for (DeadLetterCount c : deadLetters.counts(pipelineId)) {
      nodes.add(new NodeCount(c.node(), c.total(), c.waiting(), c.pending(), c.replayed()));
      total += c.total();
      waiting += c.waiting();
    }
    ctx.json(new Counts(nodes, total, waiting));
  }

  private static final List<String> CSV_COLUMNS =
      List.of("id", "run", "node", "source", "at", "reason", "raw", "status", "replayedAt");

  private void download(Context ctx) throws IOException {
    UUID pipelineId = pipelineInCatalog(ctx);
    List<Problem> problems = new ArrayList<>();
    DeadLetterCatalog.Filter filter = filter(ctx, problems);
    String format = ctx.queryParam("format");
    format = format == null || format.isBlank() ? "jsonl" : format.strip();
    if (!Set.of("jsonl", "csv").contains(format)) {
      problems.add(
          new Problem(
              null,
              "format",
              "unknown-format",
              "'format' must be jsonl or csv, was '" + format + "'."));
    }
    fail(problems);
    boolean csv = format.equals("csv");
    String name = "dead-letters-" + pipelineId + (csv ? ".csv" : ".jsonl");
    ctx.status(200)
        .contentType(csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8")
        .header("Content-Disposition", "attachment; filename=\"" + name + "\"");
    // Rows go out as they are read from a database cursor; nothing holds them all.
    Writer out =
        new BufferedWriter(
            new OutputStreamWriter(ctx.res().getOutputStream(), StandardCharsets.UTF_8));
    if (csv) {
      CsvMapper csvMapper = new CsvMapper();
      CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
      CSV_COLUMNS.forEach(schema::addColumn);
      try (SequenceWriter rows = csvMapper.writer(schema.build()).writeValues(out)) {
        deadLetters.forEach(pipelineId, filter, d -> write(rows, csvRow(d)));
      }
    } else {
      ObjectMapper lines = mapper.copy();
      deadLetters.forEach(
          pipelineId,
          filter,
          d -> {
            try {
              out.write(lines.writeValueAsString(View.of(d)));
              out.write('\n');
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      out.flush();
    }
  }

  private static List<String> csvRow(DeadLetter d) {
    View v = View.of(d);
    List<String> row = new ArrayList<>();
    row.add(Long.toString(v.id()));
    row.add(v.run() == null ? "" : v.run().toString());
    row.add(v.node() == null ? "" : v.node());
    row.add(v.source() == null ? "" : v.source());
    row.add(v.at().toString());
    row.add(v.reason());
    row.add(v.raw() == null ? "" : v.raw());
    row.add(v.status());
    row.add(v.replayedAt() == null ? "" : v.replayedAt().toString());
    return row;
  }

  private static void write(SequenceWriter rows, List<String> row) {
    try {
      rows.write(row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void replay(Context ctx) {
    UUID pipelineId = pipelineInCatalog(ctx);
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("ids", "node", "author"));
    List<Long> ids = body.optionalIdList("ids", RunService.MAX_REPLAY);
    String node = body.optionalString("node", MAX_NODE);
    String author = body.optionalString("author", PipelineRoutes.MAX_AUTHOR);
    if (ids == null && node == null && body.isNull("ids") && body.isNull("node")) {
      body.problem(
          new Problem(
              null,
              "ids",
              "missing-field",
              "Say which dead letters to replay: 'ids' (a list of ids) or 'node' (every waiting"
                  + " dead letter of that node)."));
    } else if (ids != null && node != null) {
      body.problem(
          new Problem(null, "node", "conflicting-fields", "Give 'ids' or 'node', not both."));
    } else if (ids != null && ids.isEmpty()) {
      body.problem(new Problem(null, "ids", "empty", "'ids' must name at least one dead letter."));
    }
    body.finish();
    List<DeadLetter> letters;
    if (ids != null) {
      letters = deadLetters.byIds(pipelineId, ids);
      List<Long> found = letters.stream().map(DeadLetter::id).toList();
      List<Long> missing = ids.stream().filter(i -> !found.contains(i)).distinct().toList();
      if (!missing.isEmpty()) {
        throw ApiException.unprocessable(
            "unknown-dead-letters",
            "This pipeline has no dead letters " + missing + ".",
            List.of(
                new Problem(
                    null,
                    "ids",
                    "unknown-dead-letters",
                    "This pipeline has no dead letters " + missing + ".")));
      }
    } else {
      letters =
          deadLetters.byIds(
              pipelineId, deadLetters.waiting(pipelineId, node, RunService.MAX_REPLAY));
      if (letters.isEmpty()) {
        throw ApiException.unprocessable(
            "no-dead-letters",
            "Node '" + node + "' has no dead letters waiting for a replay.",
            List.of(
                new Problem(
                    null,
                    "node",
                    "no-dead-letters",
                    "Node '" + node + "' has no dead letters waiting for a replay.")));
      }
    }
    Run run =
        runs.replay(pipelineId, letters, author == null ? PipelineRoutes.DEFAULT_AUTHOR : author);
    ctx.status(201)
        .header("Location", "/api/runs/" + run.id())
        .json(new ReplayStarted(run, letters.stream().map(DeadLetter::id).toList()));
  }

  /**
   * The pipeline of the path, whose latest version keeps its dead letters in the catalog; a 404
   * when there is no such pipeline, a 409 when they go elsewhere.
   */
  private UUID pipelineInCatalog(Context ctx) {
    String raw = ctx.pathParam("id");
    UUID id;
    try {
      id = UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No pipeline has the id '" + raw + "' (ids are UUIDs).");
    }
    Pipeline pipeline = pipelines.find(id).orElseThrow(() -> new PipelineNotFoundException(id));
    var read = PipelineJson.read(pipeline.latest().document());
    if (read.ok()
        && !(read.document().settings().deadLetter() instanceof DeadLetterTarget.Catalog)) {
      DeadLetterTarget target = read.document().settings().deadLetter();
      String where =
          target instanceof DeadLetterTarget.Directory dir
              ? "the directory " + dir.path()
              : "the PostgreSQL table " + ((DeadLetterTarget.Postgres) target).table();
      throw ApiException.conflict(
          "dead-letters-elsewhere",
          "The dead letters of this pipeline go to "
              + where
              + " (settings.deadLetter), not to the catalog: Sluice lists, downloads and replays"
              + " only dead letters kept in the catalog. Remove settings.deadLetter to keep them"
              + " there.",
          Map.of(
              "deadLetter",
              target instanceof DeadLetterTarget.Directory ? "directory" : "postgres"));
    }
    return id;
  }

  private static DeadLetterCatalog.Filter filter(Context ctx, List<Problem> problems) {
    String node = ctx.queryParam("node");
    if (node != null && (node.isBlank() || node.length() > MAX_NODE)) {
      problems.add(
          new Problem(
              null,
              "node",
              "invalid-node",
              "'node' must be a node id of 1-" + MAX_NODE + " characters, was '" + node + "'."));
      node = null;
    }
    String rawRun = ctx.queryParam("run");
    UUID run = null;
    if (rawRun != null) {
      try {
        run = UUID.fromString(rawRun.strip());
      } catch (IllegalArgumentException e) {
        problems.add(
            new Problem(
                null,
                "run",
                "invalid-id",
                "'run' must be a run id (a UUID), was '" + rawRun + "'."));
      }
    }
    return new DeadLetterCatalog.Filter(node == null ? null : node.strip(), run);
  }

  private static Long longParam(Context ctx, String name, List<Problem> problems) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return null;
    }
    try {
      long value = Long.parseLong(raw.strip());
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(
        new Problem(
            null,
            name,
            "invalid-number",
            "'" + name + "' must be a whole number of at least 1, was '" + raw + "'."));
    return null;
  }

  private static void fail(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw ApiException.badRequest(
          "invalid-query-parameter",
          problems.size() == 1
              ? problems.get(0).message()
              : "The query has " + problems.size() + " problems; see errors.",
          problems);
    }
  }
}
