package io.sluice.model.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.validation.PipelineValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the JSON form of a {@link PipelineDocument}.
 *
 * <p>Reading never throws for a bad document: it collects every structural problem (malformed JSON,
 * missing or ill-typed fields, invalid ids and durations, unknown enum values, and unknown fields,
 * which are rejected so that a field from a newer Sluice is never silently dropped). Writing
 * produces the canonical form, with every field present; {@code read(write(doc))} equals {@code
 * doc}. Thread-safe: all methods are static and share only an immutable mapper.
 *
 * <pre>{@code
 * ReadResult result = PipelineJson.read(requestBody);
 * if (!result.ok()) {
 *   return badRequest(result.problems()); // [{"field":"nodes[2].id","code":"invalid-id",…}]
 * }
 * String stored = PipelineJson.writeString(result.document());
 *
 * // Or everything at once, structural and semantic problems together:
 * ReadResult checked =
 *     PipelineJson.readAndValidate(requestBody, new PipelineValidator(BuiltInNodeTypes.registry()));
 * }</pre>
 */
public final class PipelineJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          // A repeated key would otherwise silently keep the last value.
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Pattern EDGE_PATH = Pattern.compile("^edges\\[(\\d+)]");

  private PipelineJson() {}

  /** Reads a document from JSON text; malformed text gives one {@code malformed-json} problem. */
  public static ReadResult read(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode tree;
    try {
      tree = parse(json);
    } catch (MalformedJson e) {
      return ReadResult.failed(List.of(e.problem));
    }
    return read(tree);
  }

  /** Reads a document from a parsed JSON tree. */
  public static ReadResult read(JsonNode tree) {
    var outcome = new DocumentReader().read(Objects.requireNonNull(tree, "tree"));
    return outcome.problems().isEmpty()
        ? ReadResult.of(outcome.salvaged())
        : ReadResult.failed(outcome.problems());
  }

  /**
   * Reads and validates in one go, so a person sees structural and semantic problems together.
   *
   * <p>When reading finds problems, the validator still runs on what could be read; problems that
   * could merely be consequences of the unreadable parts (an unreadable node type, a dropped edge
   * leaving a node unconnected…) are left out rather than reported falsely. The document is
   * returned only when there are no problems of either kind.
   */
  public static ReadResult readAndValidate(String json, PipelineValidator validator) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(validator, "validator");
    JsonNode tree;
    try {
      tree = parse(json);
    } catch (MalformedJson e) {
      return ReadResult.failed(List.of(e.problem));
    }
    var outcome = new DocumentReader().read(tree);
    if (outcome.salvaged() == null) {
      return ReadResult.failed(outcome.problems());
    }
    List<Problem> problems = new ArrayList<>(outcome.problems());
    for (Problem problem : validator.validate(outcome.salvaged())) {
      if (!mayBeCausedByReading(problem, outcome)) {
        problems.add(withDocumentEdgeIndex(problem, outcome.salvagedEdgeToDocumentEdge()));
      }
    }
    return problems.isEmpty() ? ReadResult.of(outcome.salvaged()) : ReadResult.failed(problems);
  }

  /** The canonical JSON tree of {@code document}. */
  public static ObjectNode write(PipelineDocument document) {
    return DocumentWriter.write(Objects.requireNonNull(document, "document"));
  }

  /** The canonical JSON text of {@code document}, compact. */
  public static String writeString(PipelineDocument document) {
    try {
      return MAPPER.writeValueAsString(write(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree could not be written as text", e);
    }
  }

  private static JsonNode parse(String json) throws MalformedJson {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw new MalformedJson(
          Problem.ofPipeline(
              ProblemCodes.MALFORMED_JSON,
              "The document is not valid JSON" + where + ": " + e.getOriginalMessage()));
    }
    if (tree == null || tree.isMissingNode()) {
      throw new MalformedJson(
          Problem.ofPipeline(ProblemCodes.MALFORMED_JSON, "The document is empty."));
    }
    return tree;
  }

  private static boolean mayBeCausedByReading(Problem problem, DocumentReader.Outcome outcome) {
    if (problem.nodeId() != null) {
      var nodeId = new NodeId(problem.nodeId());
      if (outcome.nodesWithGuessedType().contains(nodeId)) {
        return true;
      }
      if (outcome.nodesWithGuessedConfig().contains(nodeId)
          && problem.field() != null
          && problem.field().startsWith("config")) {
        return true;
      }
    }
    return switch (problem.code()) {
      case ProblemCodes.NO_SOURCE, ProblemCodes.NO_SINK ->
          outcome.someNodeDropped() || !outcome.nodesWithGuessedType().isEmpty();
      case ProblemCodes.DANGLING_EDGE -> outcome.someNodeDropped();
      case ProblemCodes.UNCONNECTED_NODE ->
          outcome.someEdgeEndUnknown()
              || problem.nodeId() == null
              || outcome.nodesOnDroppedEdges().contains(new NodeId(problem.nodeId()));
      default -> false;
    };
  }

  /** Validator paths count the salvaged edges; the person needs the index in their document. */
  private static Problem withDocumentEdgeIndex(Problem problem, int[] salvagedToDocument) {
    if (problem.field() == null) {
      return problem;
    }
    Matcher m = EDGE_PATH.matcher(problem.field());
    if (!m.find()) {
      return problem;
    }
    int documentIndex = salvagedToDocument[Integer.parseInt(m.group(1))];
    String field = "edges[" + documentIndex + "]" + problem.field().substring(m.end());
    return new Problem(problem.nodeId(), field, problem.code(), problem.message());
  }

  /** Carries the problem out of {@link #parse}; never escapes this class. */
  private static final class MalformedJson extends Exception {
    final transient Problem problem;

    MalformedJson(Problem problem) {
      super(problem.message(), null, false, false);
      this.problem = problem;
    }
  }
}
