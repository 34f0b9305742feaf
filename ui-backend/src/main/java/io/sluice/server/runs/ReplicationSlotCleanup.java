package io.sluice.server.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.connectors.postgres.cdc.ReplicationSlots;
import io.sluice.model.nodetype.BuiltInNodeTypes;
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
 * <pre>{@code
 * List<Failure> left = ReplicationSlotCleanup.drop(pipelineId, documents);
 * }</pre>
 */
public final class ReplicationSlotCleanup {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicationSlotCleanup.class);

  private ReplicationSlotCleanup() {}

  /** A slot that could not be dropped, with the server's reason. */
  public record Failure(String node, String slot, String reason) {}

  /**
   * Drops the slots of every {@code postgres-cdc} node in {@code documents} (the pipeline's
   * versions, as stored); returns those that could not be dropped.
   */
  public static List<Failure> drop(UUID pipelineId, List<JsonNode> documents) {
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    for (JsonNode document : documents) {
      for (JsonNode node : document.path("nodes")) {
        if (BuiltInNodeTypes.POSTGRES_CDC.equals(node.path("type").asText())
            && node.path("id").isTextual()) {
          JsonNode config = node.path("config");
          String slot =
              ReplicationSlots.slotName(RunService.key(pipelineId), node.get("id").asText());
          // One database per slot; the newest version's connection wins (versions come newest
          // first).
          nodes.putIfAbsent(slot + " " + config.path("jdbcUrl").asText(), node);
        }
      }
    }
    List<Failure> failures = new ArrayList<>();
    for (JsonNode node : nodes.values()) {
      String id = node.get("id").asText();
      String slot = ReplicationSlots.slotName(RunService.key(pipelineId), id);
      JsonNode config = node.path("config");
      try {
        if (ReplicationSlots.drop(
            config.path("jdbcUrl").asText(),
            text(config, "user"),
            text(config, "password"),
            slot)) {
          LOG.info("Dropped replication slot {} of node {} of pipeline {}", slot, id, pipelineId);
        }
      } catch (SQLException | RuntimeException e) {
        failures.add(new Failure(id, slot, e.getMessage()));
      }
    }
    return failures;
  }

  private static String text(JsonNode config, String field) {
    JsonNode value = config.get(field);
    return value == null || !value.isTextual() ? null : value.textValue();
  }
}
