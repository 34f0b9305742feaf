package io.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.connectors.check.ConnectionCheckResult;
import io.sluice.connectors.check.ConnectionChecks;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.problem.Problem;
import io.sluice.model.validation.PipelineValidator;
import io.sluice.server.auth.Role;
import io.sluice.server.secrets.InlineSecrets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /api/node-types/{type}/check}: checks that what a node's config names can be reached
 * (Kafka brokers and topics, a PostgreSQL server and table, a directory), before the pipeline runs.
 *
 * <p>A request that cannot be checked is a problem document: an unknown type or one with nothing to
 * connect to is 404, an unreadable body 400, a config that does not validate 422 with the field
 * problems. A check that ran answers 200 with {@code ok} false or true and a sentence saying what
 * it found, because a broker that is down is the expected answer to the question asked, not an
 * error of the request.
 */
public final class ConnectionCheckRoutes {
  /** Long enough for a broker or server across a network; short enough for a person waiting. */
  static final Duration TIMEOUT = Duration.ofSeconds(5);

  private static final NodeId CHECKED = new NodeId("checked");

  private final NodeTypeRegistry nodeTypes;
  private final PipelineValidator validator;
  private final ObjectMapper mapper;

  private final PipelineResolver resolver;
  private final InlineSecrets secrets;

  public ConnectionCheckRoutes(NodeTypeRegistry nodeTypes, ObjectMapper mapper) {
    this(nodeTypes, PipelineResolver.NONE, null, mapper);
  }

  /** Checks nodes as they would run: named connections filled in, directories kept to roots. */
  public ConnectionCheckRoutes(
      NodeTypeRegistry nodeTypes,
      PipelineResolver resolver,
      InlineSecrets secrets,
      ObjectMapper mapper) {
    this.secrets = secrets;
    this.nodeTypes = nodeTypes;
    this.validator = new PipelineValidator(nodeTypes);
    this.resolver = resolver;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.post("/api/node-types/{type}/check", this::check, Role.EDITOR);
  }

  /** The answer of a check that ran. */
  record CheckResponse(boolean ok, String message, Map<String, Object> details) {}

  private void check(Context ctx) {
    String type = ctx.pathParam("type");
    BodyReader body =
        BodyReader.object(ctx, mapper, Set.of("typeVersion", "config", "secretsOf", "nodeId"));
    Integer version = body.optionalInt("typeVersion", 1);
    JsonNode config = body.requiredObject("config");
    // A node of a saved pipeline whose form shows {"set": true}: its stored secret is used.
    String secretsOf = body.optionalString("secretsOf", 100);
    String nodeId = body.optionalString("nodeId", 100);
    body.finish();
    int typeVersion = version == null ? 1 : version;
    NodeTypeDescriptor descriptor =
        nodeTypes
            .find(type, typeVersion)
            .orElseThrow(
                () ->
                    ApiException.notFound(
                        nodeTypes.knowsType(type)
                            ? "Node type " + type + " has no version " + typeVersion + "."
                            : "Unknown node type '" + type + "'."));
    if (!descriptor.connectionCheck()) {
      throw ApiException.notFound(
          "Node type "
              + type
              + " has no connection to check: it reads or writes nothing outside"
              + " the pipeline.");
    }
    Map<String, JsonNode> values = new LinkedHashMap<>();
    if (config != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
        var entry = it.next();
        values.put(entry.getKey(), entry.getValue());
      }
    }
    PipelineResolver.Resolved resolved =
        resolver.resolve(
            withSecrets(
                new PipelineDocument(
                    List.of(new Node(checkedId(nodeId), type, typeVersion, "checked", values)),
                    List.of(),
                    PipelineDocument.empty().settings(),
                    PipelineDocument.empty().layout()),
                secretsOf));
    Node node = resolved.document().nodes().get(0);
    List<Problem> found = new ArrayList<>(resolved.problems());
    found.addAll(validator.validateNode(node));
    List<Problem> problems =
        found.stream().map(p -> new Problem(null, p.field(), p.code(), p.message())).toList();
    if (!problems.isEmpty()) {
      throw ApiException.unprocessable(
          "invalid-node-config",
          problems.size() == 1
              ? problems.get(0).message()
              : "The config has " + problems.size() + " problems; see errors.",
          problems);
    }
    ConnectionCheckResult result = ConnectionChecks.check(descriptor, node, TIMEOUT).orElseThrow();
    ctx.json(new CheckResponse(result.ok(), result.message(), result.details()));
  }

  private static NodeId checkedId(String nodeId) {
    if (nodeId == null) {
      return CHECKED;
    }
    try {
      return new NodeId(nodeId);
    } catch (IllegalArgumentException e) {
      throw ApiException.unprocessable(
          "invalid-node-config",
          "'nodeId' is not a node id.",
          List.of(new Problem(null, "nodeId", "wrong-type", "'nodeId' is not a node id.")));
    }
  }

  /** The node's typed secrets, and for {@code {"set": true}} those stored with the pipeline. */
  private PipelineDocument withSecrets(PipelineDocument document, String secretsOf) {
    if (secrets == null) {
      return document;
    }
    InlineSecrets.Incoming incoming = secrets.read(document);
    if (!incoming.problems().isEmpty()) {
      throw ApiException.unprocessable(
          "invalid-node-config",
          incoming.problems().get(0).message(),
          incoming.problems().stream()
              .map(p -> new Problem(null, p.field(), p.code(), p.message()))
              .toList());
    }
    if (secretsOf == null) {
      return secrets.withNewValues(incoming);
    }
    UUID id;
    try {
      id = UUID.fromString(secretsOf);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("No pipeline has the id '" + secretsOf + "' (ids are UUIDs).");
    }
    return secrets.opened(id, incoming);
  }
}
