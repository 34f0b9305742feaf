package io.sluice.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.sluice.catalog.ConnectionNotFoundException;
import io.sluice.catalog.StoredConnection;
import io.sluice.connectors.check.ConnectionCheckResult;
import io.sluice.connectors.check.ConnectionChecks;
import io.sluice.model.connection.ConnectionBinding;
import io.sluice.model.connection.ConnectionKind;
import io.sluice.model.connection.ConnectionKinds;
import io.sluice.model.connection.ConnectionValues;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.id.NodeId;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.nodetype.ConfigField;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.nodetype.NodeTypeRegistry;
import io.sluice.model.problem.Problem;
import io.sluice.server.auth.Audit;
import io.sluice.server.auth.Role;
import io.sluice.server.connections.ConnectionService;
import io.sluice.server.connections.ConnectionService.SecretChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code /api/connections}: named PostgreSQL, Kafka and S3 connections that nodes name in their
 * {@code connection} field, and {@code POST /api/admin/master-key/rotate}.
 *
 * <p>Secret fields are write-only: a response shows {@code {"set": true}} or {@code {"set": false}}
 * in their place. On a save, a string sets a secret, {@code {"set": true}} or leaving the field out
 * keeps the stored one, and {@code null} removes it.
 */
public final class ConnectionRoutes {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
  static final int MAX_DESCRIPTION = 2000;
  static final int MAX_SECRET = 65_536;

  private final ConnectionService connections;
  private final NodeTypeRegistry nodeTypes;
  private final ObjectMapper mapper;

  public ConnectionRoutes(
      ConnectionService connections, NodeTypeRegistry nodeTypes, ObjectMapper mapper) {
    this.connections = connections;
    this.nodeTypes = nodeTypes;
    this.mapper = mapper;
  }

  public void register(RoutesConfig routes) {
    routes.get("/api/connection-kinds", this::kinds, Role.VIEWER);
    routes.get("/api/connections", this::list, Role.VIEWER);
    routes.post("/api/connections", this::create, Role.ADMIN);
    routes.get("/api/connections/{name}", this::get, Role.VIEWER);
    routes.put("/api/connections/{name}", this::update, Role.ADMIN);
    routes.delete("/api/connections/{name}", this::delete, Role.ADMIN);
    routes.post("/api/connections/{name}/test", this::test, Role.EDITOR);
    routes.post("/api/admin/master-key/rotate", this::rotate, Role.ADMIN);
  }

  record ConnectionView(
      String name,
      String kind,
      String description,
      JsonNode config,
      Instant createdAt,
      Instant updatedAt) {}

  record KindView(String name, String title, List<ConfigField> fields) {}

  private void kinds(Context ctx) {
    ctx.json(
        ConnectionKinds.all().stream()
            .map(k -> new KindView(k.name(), k.title(), k.fields()))
            .toList());
  }

  private void list(Context ctx) {
    ctx.json(connections.list().stream().map(ConnectionRoutes::view).toList());
  }

  private void get(Context ctx) {
    ctx.json(view(stored(ctx)));
  }

  private void create(Context ctx) {
    BodyReader body =
        BodyReader.object(ctx, mapper, Set.of("name", "kind", "description", "config"));
    String name = body.requiredString("name", 100);
    String kindName = body.requiredString("kind", 20);
    String description = body.optionalString("description", MAX_DESCRIPTION);
    JsonNode config = body.optionalObject("config");
    if (name != null && !NAME.matcher(name).matches()) {
      body.problem(
          new Problem(
              null,
              "name",
              "invalid-name",
              "A connection name is 1 to 100 lower-case letters, digits, '.', '_' or '-',"
                  + " starting with a letter or digit."));
    }
    ConnectionKind kind = null;
    if (kindName != null) {
      kind = ConnectionKinds.find(kindName).orElse(null);
      if (kind == null) {
        body.problem(
            new Problem(
                null,
                "kind",
                "unknown-value",
                "'kind' must be one of "
                    + ConnectionKinds.all().stream().map(ConnectionKind::name).toList()
                    + "."));
      }
    }
    ObjectNode settings = JsonNodeFactory.instance.objectNode();
    Map<String, SecretChange> secrets = new LinkedHashMap<>();
    if (kind != null) {
      readConfig(body, kind, config, settings, secrets);
    }
    body.finish();
    StoredConnection created =
        connections.create(name, kind, description == null ? "" : description, settings, secrets);
    Audit.record(ctx, "connection.create", "connection", name, Map.of("kind", created.kind()));
    ctx.status(201).header("Location", "/api/connections/" + name);
    ctx.json(view(created));
  }

  private void update(Context ctx) {
    StoredConnection stored = stored(ctx);
    ConnectionKind kind = ConnectionKinds.find(stored.kind()).orElseThrow();
    BodyReader body = BodyReader.object(ctx, mapper, Set.of("kind", "description", "config"));
    String kindName = body.optionalString("kind", 20);
    String description = body.optionalString("description", MAX_DESCRIPTION);
    JsonNode config = body.optionalObject("config");
    if (kindName != null && !kindName.equals(stored.kind())) {
      body.problem(
          new Problem(
              null,
              "kind",
              "kind-change",
              "A connection keeps its kind ("
                  + stored.kind()
                  + "); create a new connection for another kind."));
    }
    ObjectNode settings = JsonNodeFactory.instance.objectNode();
    Map<String, SecretChange> secrets = new LinkedHashMap<>();
    readConfig(body, kind, config, settings, secrets);
    body.finish();
    StoredConnection updated =
        connections.update(
            stored.name(),
            description == null ? stored.description() : description,
            settings,
            secrets);
    Audit.record(
        ctx,
        "connection.update",
        "connection",
        stored.name(),
        Map.of("secrets", List.copyOf(secrets.keySet())));
    ctx.json(view(updated));
  }

  private void delete(Context ctx) {
    StoredConnection stored = stored(ctx);
    List<ConnectionService.PipelineRef> users = connections.usedBy(stored.name());
    if (!users.isEmpty()) {
      throw ApiException.conflict(
          "connection-in-use",
          "Connection '"
              + stored.name()
              + "' is used by the latest version of "
              + users.size()
              + " pipeline(s): "
              + String.join(", ", users.stream().map(ConnectionService.PipelineRef::name).toList())
              + ". Change those pipelines first.",
          Map.of("pipelines", users));
    }
    connections.delete(stored.name());
    Audit.record(ctx, "connection.delete", "connection", stored.name(), Map.of());
    ctx.status(204);
  }

  /** A node of a type that uses the connection, checked as the node would connect. */
  private void test(Context ctx) {
    StoredConnection stored = stored(ctx);
    ConnectionKind kind = ConnectionKinds.find(stored.kind()).orElseThrow();
    Node probe;
    switch (kind.name()) {
      case ConnectionKinds.POSTGRES ->
          probe =
              probe(
                  BuiltInNodeTypes.POSTGRES,
                  Map.of(
                      "connection", TextNode.valueOf(stored.name()),
                      // Every database has it: the check then asks only for the server.
                      "table", TextNode.valueOf("pg_catalog.pg_class")));
      case ConnectionKinds.KAFKA ->
          probe =
              probe(
                  BuiltInNodeTypes.KAFKA,
                  Map.of(
                      "connection", TextNode.valueOf(stored.name()),
                      "topicPattern", TextNode.valueOf(".*")));
      case ConnectionKinds.S3 ->
          // The whole bucket: the check lists one key at its root, as a node without a prefix.
          probe = probe(BuiltInNodeTypes.S3, Map.of("connection", TextNode.valueOf(stored.name())));
      default -> throw new IllegalStateException("no test for kind " + kind.name());
    }
    ConnectionValues values = connections.open(stored);
    PipelineResolver.Resolved resolved =
        new ConnectionBinding(nodeTypes, name -> java.util.Optional.of(values))
            .resolve(
                new PipelineDocument(
                    List.of(probe),
                    List.of(),
                    PipelineDocument.empty().settings(),
                    PipelineDocument.empty().layout()));
    Node node = resolved.document().nodes().get(0);
    NodeTypeDescriptor descriptor = nodeTypes.find(node.type(), 1).orElseThrow();
    List<Problem> problems = new ArrayList<>(resolved.problems());
    // Only what the connection fills counts: the probe leaves the node's own fields (an S3
    // source's record fields, say) empty on purpose.
    new io.sluice.model.validation.PipelineValidator(nodeTypes)
        .validateNode(node).stream()
            .filter(p -> p.field() == null || kind.field(p.field()).isPresent())
            .forEach(problems::add);
    if (!problems.isEmpty()) {
      throw ApiException.unprocessable(
          "invalid-connection",
          "The connection cannot be used as it is: " + problems.get(0).message(),
          problems.stream().map(p -> new Problem(null, p.field(), p.code(), p.message())).toList());
    }
    ConnectionCheckResult result =
        ConnectionChecks.check(descriptor, node, ConnectionCheckRoutes.TIMEOUT).orElseThrow();
    Redaction redaction = new Redaction(connections.secretValues(values, kind));
    Map<String, Object> details = new LinkedHashMap<>();
    result.details().forEach((k, v) -> details.put(k, redaction.scrub(v)));
    ctx.json(
        new ConnectionCheckRoutes.CheckResponse(
            result.ok(), (String) redaction.scrub(result.message()), details));
  }

  private void rotate(Context ctx) {
    var rotated = connections.rotate();
    Audit.record(ctx, "master-key.rotate", "master-key", "current", Map.of());
    ctx.json(rotated);
  }

  private static Node probe(String type, Map<String, JsonNode> config) {
    NodeId id = new NodeId("probe");
    return new Node(id, type, 1, id.value(), config);
  }

  private StoredConnection stored(Context ctx) {
    String name = ctx.pathParam("name");
    return connections.find(name).orElseThrow(() -> new ConnectionNotFoundException(name));
  }

  /** Reads a connection's config against its kind: plain values checked, secrets to seal. */
  private static void readConfig(
      BodyReader body,
      ConnectionKind kind,
      JsonNode config,
      ObjectNode settings,
      Map<String, SecretChange> secrets) {
    JsonNode values = config == null ? JsonNodeFactory.instance.objectNode() : config;
    for (Iterator<String> names = values.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (kind.field(field).isEmpty()) {
        body.problem(
            new Problem(
                null,
                "config." + field,
                "unknown-field",
                "A "
                    + kind.name()
                    + " connection has no field '"
                    + field
                    + "'; its fields are "
                    + kind.fields().stream().map(ConfigField::name).toList()
                    + "."));
      }
    }
    for (ConfigField field : kind.fields()) {
      JsonNode value = values.get(field.name());
      String where = "config." + field.name();
      if (field.secret()) {
        if (value == null || (value.isObject() && value.path(ConnectionService.SET).asBoolean())) {
          secrets.put(field.name(), new SecretChange.Keep());
        } else if (value.isNull() || (value.isTextual() && value.textValue().isEmpty())) {
          secrets.put(field.name(), new SecretChange.Clear());
        } else if (!value.isTextual()) {
          // The message never repeats the value: it may be the secret, mistyped.
          body.problem(
              new Problem(
                  null,
                  where,
                  "wrong-type",
                  "'"
                      + field.name()
                      + "' must be a string, or {\"set\": true} to keep the stored value."));
        } else if (value.textValue().length() > MAX_SECRET) {
          body.problem(
              new Problem(
                  null, where, "too-long", "'" + field.name() + "' is longer than allowed."));
        } else {
          secrets.put(field.name(), new SecretChange.Replace(value.textValue()));
        }
        continue;
      }
      if (value == null || value.isNull()) {
        if (field.required()) {
          body.problem(
              new Problem(null, where, "missing-field", "'" + field.name() + "' is required."));
        }
        continue;
      }
      field
          .checkValue(value)
          .ifPresentOrElse(
              wrong ->
                  body.problem(
                      new Problem(
                          null, where, "invalid-config", "'" + field.name() + "' " + wrong + ".")),
              () -> settings.set(field.name(), value));
    }
  }

  private static ConnectionView view(StoredConnection stored) {
    ObjectNode config = stored.settings();
    ObjectNode secrets = stored.secrets();
    ConnectionKinds.find(stored.kind())
        .ifPresent(
            kind ->
                kind.secretFields()
                    .forEach(
                        field ->
                            config
                                .putObject(field)
                                .put(ConnectionService.SET, secrets.has(field))));
    return new ConnectionView(
        stored.name(),
        stored.kind(),
        stored.description(),
        config,
        stored.createdAt(),
        stored.updatedAt());
  }

  /** Replaces secret values in what a check found, in case a server echoed one. */
  private record Redaction(List<String> secrets) {
    Object scrub(Object value) {
      if (value instanceof String text) {
        String out = text;
        for (String secret : secrets) {
          if (secret.length() >= 3) {
            out = out.replace(secret, "••••");
          }
        }
        return out;
      }
      if (value instanceof List<?> list) {
        return list.stream().map(this::scrub).toList();
      }
      if (value instanceof Map<?, ?> map) {
        Map<Object, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, scrub(v)));
        return out;
      }
      return value;
    }
  }
}
