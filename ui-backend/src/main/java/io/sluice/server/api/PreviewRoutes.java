package io.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.catalog.PipelineNotFoundException;
import io.sluice.catalog.PipelineVersion;
import io.sluice.executor.plan.PlanTranslator;
import io.sluice.executor.preview.PreviewResult;
import io.sluice.executor.preview.Previewer;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.problem.Problem;
import io.sluice.server.auth.Role;
import io.sluice.server.secrets.InlineSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code POST /api/preview}: runs a document (the designer's unsaved one, or a saved version) on a
 * sample and answers with the records of every port and every dead letter. Nothing is stored: no
 * run row, no checkpoint, no sink write.
 */
public final class PreviewRoutes {
  /** The most characters of one sample file. */
  static final int MAX_SAMPLE_CHARS = 512 * 1024;

  private static final Set<String> FIELDS =
      Set.of(
          "document", "pipelineId", "version", "limit", "timeoutSeconds", "samples", "secretsOf");

  private final PipelineCatalog catalog;
  private final DocumentChecks checks;
  private final PlanTranslator translator;
  private final Previewer previewer;
  private final Path sampleDir;
  private final ObjectMapper mapper;
  private final InlineSecrets secrets;

  /**
   * @param resolver fills in the connections the document names and keeps its paths inside the
   *     allowed directories, as for a run
   * @param sampleDir where uploaded samples are kept while their preview runs
   */
  public PreviewRoutes(
      PipelineCatalog catalog,
      NodeTypeRegistry nodeTypes,
      PipelineResolver resolver,
      DocumentChecks checks,
      InlineSecrets secrets,
      Previewer previewer,
      Path sampleDir,
      ObjectMapper mapper) {
    this.secrets = secrets;
    this.catalog = catalog;
    this.checks = checks;
    this.translator = new PlanTranslator(nodeTypes, resolver);
    this.previewer = previewer;
    this.sampleDir = sampleDir;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/preview", this::preview, Role.EDITOR);
  }

  private void preview(Context ctx) {
    BodyReader body = BodyReader.object(ctx, mapper, FIELDS);
    JsonNode documentJson = body.optionalObject("document");
    String pipelineId = body.optionalString("pipelineId", 100);
    Integer version = body.optionalInt("version", 1);
    Integer limit = body.optionalInt("limit", 1);
    Integer timeoutSeconds = body.optionalInt("timeoutSeconds", 1);
    JsonNode samplesJson = body.optionalObject("samples");
    String secretsOf = body.optionalString("secretsOf", 100);
    if (limit != null && limit > Previewer.MAX_LIMIT) {
      body.problem(
          new Problem(
              null,
              "limit",
              "out-of-range",
              "'limit' must be at most " + Previewer.MAX_LIMIT + ", was " + limit + "."));
    }
    if (timeoutSeconds != null && timeoutSeconds > Previewer.MAX_TIMEOUT.toSeconds()) {
      body.problem(
          new Problem(
              null,
              "timeoutSeconds",
              "out-of-range",
              "'timeoutSeconds' must be at most "
                  + Previewer.MAX_TIMEOUT.toSeconds()
                  + ", was "
                  + timeoutSeconds
                  + "."));
    }
    boolean fromDocument = body.has("document");
    boolean fromCatalog = body.has("pipelineId");
    if (fromDocument == fromCatalog) {
      body.problem(
          new Problem(
              null,
              "document",
              "missing-field",
              "Send either 'document' (a pipeline document) or 'pipelineId' (and optionally"
                  + " 'version') of a saved pipeline, not "
                  + (fromDocument ? "both." : "neither.")));
    }
    if (version != null && !fromCatalog) {
      body.problem(
          new Problem(null, "version", "unknown-field", "'version' needs a 'pipelineId'."));
    }
    UUID secretsOfId = null;
    if (secretsOf != null) {
      if (!fromDocument) {
        body.problem(
            new Problem(null, "secretsOf", "unknown-field", "'secretsOf' goes with a 'document'."));
      }
      try {
        secretsOfId = UUID.fromString(secretsOf);
      } catch (IllegalArgumentException e) {
        body.problem(
            new Problem(
                null,
                "secretsOf",
                "wrong-type",
                "'secretsOf' must be a pipeline id (a UUID), was '" + secretsOf + "'."));
      }
    }
    UUID id = null;
    if (pipelineId != null) {
      try {
        id = UUID.fromString(pipelineId);
      } catch (IllegalArgumentException e) {
        body.problem(
            new Problem(
                null,
                "pipelineId",
                "wrong-type",
                "'pipelineId' must be a pipeline id (a UUID), was '" + pipelineId + "'."));
      }
    }
    Map<String, String> samples = new LinkedHashMap<>();
    if (samplesJson != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = samplesJson.fields(); it.hasNext(); ) {
        var entry = it.next();
        String field = "samples." + entry.getKey();
        if (!entry.getValue().isTextual()) {
          body.problem(
              new Problem(
                  entry.getKey(),
                  field,
                  "wrong-type",
                  "A sample must be the text of a CSV or JSON-lines file."));
        } else if (entry.getValue().textValue().length() > MAX_SAMPLE_CHARS) {
          body.problem(
              new Problem(
                  entry.getKey(),
                  field,
                  "too-long",
                  "A sample may hold at most "
                      + MAX_SAMPLE_CHARS
                      + " characters, was "
                      + entry.getValue().textValue().length()
                      + "."));
        } else {
          samples.put(entry.getKey(), entry.getValue().textValue());
        }
      }
    }
    body.finish();

    PipelineDocument document =
        fromDocument ? withSecrets(read(documentJson), secretsOfId) : stored(id, version);
    DocumentChecks.Result checked = checks.check(document);
    if (!checked.valid()) {
      throw ApiException.unprocessable(
          "pipeline-not-previewable",
          "The pipeline has "
              + checked.problems().size()
              + (checked.problems().size() == 1 ? " problem" : " problems")
              + " to fix before it can be previewed; see errors.",
          checked.problems());
    }
    Path dir = null;
    try {
      Map<NodeId, Path> files = new LinkedHashMap<>();
      if (!samples.isEmpty()) {
        Files.createDirectories(sampleDir);
        dir = Files.createTempDirectory(sampleDir, "sample-");
        int n = 0;
        for (var sample : samples.entrySet()) {
          Path file = dir.resolve("sample-" + n++);
          Files.writeString(file, sample.getValue(), StandardCharsets.UTF_8);
          files.put(new NodeId(sample.getKey()), file);
        }
      }
      PreviewResult result =
          previewer.run(
              translator.translate(document),
              new Previewer.Options(
                  limit == null ? Previewer.DEFAULT_LIMIT : limit,
                  timeoutSeconds == null
                      ? Previewer.DEFAULT_TIMEOUT
                      : Duration.ofSeconds(timeoutSeconds),
                  files));
      ctx.json(result);
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the preview's samples", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * A design's document with its secrets: those typed in, and for {@code {"set": true}} those of
   * the latest version of pipeline {@code secretsOf} (null: none).
   */
  private PipelineDocument withSecrets(PipelineDocument document, UUID secretsOf) {
    InlineSecrets.Incoming incoming = secrets.read(document);
    if (!incoming.problems().isEmpty()) {
      throw ApiException.invalidDocument(incoming.problems());
    }
    if (secretsOf == null) {
      return secrets.withNewValues(incoming);
    }
    return secrets.opened(secretsOf, incoming);
  }

  private static PipelineDocument read(JsonNode json) {
    var result = PipelineJson.read(json);
    if (!result.ok()) {
      throw ApiException.invalidDocument(result.problems());
    }
    return result.document();
  }

  private PipelineDocument stored(UUID id, Integer number) {
    PipelineVersion version;
    if (number == null) {
      version = catalog.find(id).orElseThrow(() -> new PipelineNotFoundException(id)).latest();
    } else {
      version =
          catalog
              .version(id, number)
              .orElseThrow(
                  () ->
                      ApiException.notFound("Pipeline " + id + " has no version " + number + "."));
    }
    return secrets.opened(id, version.number(), read(version.document()));
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover sample in the data directory's tmp folder is harmless.
    }
  }
}
