package io.sluice.model.json;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.model.document.DeadLetterTarget;
import io.sluice.model.document.Durations;
import io.sluice.model.document.Edge;
import io.sluice.model.document.Layout;
import io.sluice.model.document.Node;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.document.PortRef;
import io.sluice.model.document.RestartPolicy;
import io.sluice.model.document.Settings;

/** Writes the canonical JSON form: every field present, durations in the short form. */
final class DocumentWriter {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private DocumentWriter() {}

  static ObjectNode write(PipelineDocument document) {
    ObjectNode root = JSON.objectNode();
    root.put("formatVersion", PipelineDocument.FORMAT_VERSION);
    var nodes = root.putArray("nodes");
    document.nodes().forEach(node -> nodes.add(node(node)));
    var edges = root.putArray("edges");
    document.edges().forEach(edge -> edges.add(edge(edge)));
    root.set("settings", settings(document.settings()));
    root.set("layout", layout(document.layout()));
    return root;
  }

  private static ObjectNode node(Node node) {
    ObjectNode json = JSON.objectNode();
    json.put("id", node.id().value());
    json.put("type", node.type());
    json.put("typeVersion", node.typeVersion());
    json.put("name", node.name());
    ObjectNode config = json.putObject("config");
    node.config().forEach(config::set);
    return json;
  }

  private static ObjectNode edge(Edge edge) {
    ObjectNode json = JSON.objectNode();
    json.set("from", portRef(edge.from()));
    json.set("to", portRef(edge.to()));
    return json;
  }

  private static ObjectNode portRef(PortRef ref) {
    ObjectNode json = JSON.objectNode();
    json.put("node", ref.node().value());
    json.put("port", ref.port().value());
    return json;
  }

  private static ObjectNode settings(Settings settings) {
    ObjectNode json = JSON.objectNode();
    json.put("checkpointInterval", Durations.format(settings.checkpointInterval()));
    json.put("parallelism", settings.parallelism());
    json.put("deliveryGuarantee", settings.deliveryGuarantee().wireName());
    json.set("restartPolicy", restartPolicy(settings.restartPolicy()));
    // The default target is left out, so documents that never chose one read back unchanged.
    if (!(settings.deadLetter() instanceof DeadLetterTarget.Catalog)) {
      json.set("deadLetter", deadLetter(settings.deadLetter()));
    }
    return json;
  }

  private static ObjectNode deadLetter(DeadLetterTarget target) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", target.type());
    if (target instanceof DeadLetterTarget.Postgres pg) {
      json.put("jdbcUrl", pg.jdbcUrl());
      if (pg.user() != null) {
        json.put("user", pg.user());
      }
      if (pg.password() != null) {
        json.put("password", pg.password());
      } else if (pg.passwordSealed()) {
        json.set("password", JsonNodeFactory.instance.objectNode().put("set", true));
      }
      json.put("table", pg.table());
    } else if (target instanceof DeadLetterTarget.Directory dir) {
      json.put("path", dir.path());
    }
    return json;
  }

  private static ObjectNode restartPolicy(RestartPolicy policy) {
    ObjectNode json = JSON.objectNode();
    json.put("type", policy.type());
    // Java 17 has no pattern switch; the sealed interface still keeps this list complete.
    if (policy instanceof RestartPolicy.FixedDelay fixed) {
      json.put("attempts", fixed.attempts());
      json.put("delay", Durations.format(fixed.delay()));
    } else if (policy instanceof RestartPolicy.ExponentialDelay exponential) {
      json.put("initialDelay", Durations.format(exponential.initialDelay()));
      json.put("maxDelay", Durations.format(exponential.maxDelay()));
      json.put("multiplier", exponential.multiplier());
      json.put("maxAttempts", exponential.maxAttempts());
    }
    return json;
  }

  private static ObjectNode layout(Layout layout) {
    ObjectNode json = JSON.objectNode();
    layout
        .positions()
        .forEach(
            (id, position) -> {
              ObjectNode at = json.putObject(id.value());
              putCoordinate(at, "x", position.x());
              putCoordinate(at, "y", position.y());
            });
    return json;
  }

  /** Whole coordinates as {@code 10}, not {@code 10.0}: what the designer sends, and shorter. */
  private static void putCoordinate(ObjectNode json, String name, double value) {
    // Int, like a parser makes of "10", so that write(read(json)) equals json.
    if (value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE) {
      json.put(name, (int) value);
    } else {
      json.put(name, value);
    }
  }
}
