package io.sluice.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.postgres.cdc.ReplicationSlots;
import io.sluice.model.connection.PipelineResolver;
import io.sluice.model.document.Node;
import io.sluice.model.json.PipelineJson;
import io.sluice.model.json.ReadResult;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.problem.Problem;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the replication slots of a pipeline's change-data-capture nodes ({@code postgres-cdc}) when
 * the pipeline is deleted: a slot nobody reads keeps the server's WAL forever. The slot of a node
 * is named after the pipeline's job key and the node id, so the pipeline's versions say which slots
 * it may have created; slots that do not exist are skipped.
 *
 * <p>Each version is resolved as it would run ({@link PipelineResolver}), so a node that names a
 * stored connection drops its slot with the connection's address and credentials.
 *
 * <pre>{@code
 * List<Failure> left = ReplicationSlotCleanup.drop(pipelineId, documents, resolver);
 * }</pre>
 */
public final class ReplicationSlotCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicationSlotCleanup.class);

  private ReplicationSlotCleanup() {}

  /** A slot that could not be dropped, with the server's reason. */
  public record Failure(String node, String slot, String reason) {}

  /**
   * Where one node's slot lives, or why that is not known ({@code problem}); null for a node that
   * has no address at all.
   */
  private record Target(
      String node, String slot, String jdbcUrl, String user, String password, String problem) {}

  /**
   * Drops the slots of every {@code postgres-cdc} node in {@code documents} (the pipeline's
   * versions as stored, newest first), each resolved by {@code resolver}; returns those that could
   * not be dropped.
   */
  public static List<Failure> drop(
      UUID pipelineId, List<JsonNode> documents, PipelineResolver resolver) {
    String key = RunService.key(pipelineId);
    // One database per slot and address; the newest version's credentials win.
    Map<String, Target> targets = new LinkedHashMap<>();
    Map<String, Target> unresolved = new LinkedHashMap<>();
    for (JsonNode document : documents) {
      for (Target target : targets(key, document, resolver)) {
        if (target == null) {
          continue;
        }
        if (target.problem() == null) {
          targets.putIfAbsent(target.slot() + " " + target.jdbcUrl(), target);
        } else {
          unresolved.putIfAbsent(target.slot(), target);
        }
      }
    }
    List<Failure> failures = new ArrayList<>();
    // A version whose connection cannot be resolved any more matters only when no version can.
    unresolved.values().stream()
        .filter(u -> targets.values().stream().noneMatch(t -> t.slot().equals(u.slot())))
        .forEach(u -> failures.add(new Failure(u.node(), u.slot(), u.problem())));
    for (Target target : targets.values()) {
      try {
        if (ReplicationSlots.drop(
            target.jdbcUrl(), target.user(), target.password(), target.slot())) {
          LOG.info(
              "Dropped replication slot {} of node {} of pipeline {}",
              target.slot(),
              target.node(),
              pipelineId);
        }
      } catch (SQLException | RuntimeException e) {
        failures.add(new Failure(target.node(), target.slot(), e.getMessage()));
      }
    }
    return failures;
  }

  private static List<Target> targets(String key, JsonNode stored, PipelineResolver resolver) {
    List<Target> targets = new ArrayList<>();
    ReadResult read = PipelineJson.read(stored);
    if (!read.ok()) {
      // Stored versions are readable; should one not be, its config is taken as it stands.
      for (JsonNode node : stored.path("nodes")) {
        if (BuiltInNodeTypes.POSTGRES_CDC.equals(node.path("type").asText())
            && node.path("id").isTextual()) {
          JsonNode config = node.path("config");
          targets.add(
              target(
                  key,
                  node.get("id").asText(),
                  config.get("jdbcUrl"),
                  config.get("user"),
                  config.get("password"),
                  null));
        }
      }
      return targets;
    }
    PipelineResolver.Resolved resolved = resolver.resolve(read.document());
    for (Node node : resolved.document().nodes()) {
      if (!BuiltInNodeTypes.POSTGRES_CDC.equals(node.type())) {
        continue;
      }
      String problem =
          resolved.problems().stream()
              .filter(p -> node.id().value().equals(p.nodeId()))
              .map(Problem::message)
              .findFirst()
              .orElse(null);
      Map<String, JsonNode> config = node.config();
      targets.add(
          target(
              key,
              node.id().value(),
              config.get("jdbcUrl"),
              config.get("user"),
              config.get("password"),
              problem));
    }
    return targets;
  }

  private static Target target(
      String key, String node, JsonNode jdbcUrl, JsonNode user, JsonNode password, String problem) {
    String url = text(jdbcUrl);
    if (problem == null && url == null) {
      return null; // a node without an address never ran, so it has no slot
    }
    return new Target(
        node, ReplicationSlots.slotName(key, node), url, text(user), text(password), problem);
  }

  private static String text(JsonNode value) {
    return value == null || !value.isTextual() || value.textValue().isEmpty()
        ? null
        : value.textValue();
  }
}
