package io.sluice.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.catalog.CatalogDatabase;
import io.sluice.catalog.CatalogSettings;
import io.sluice.catalog.Pipeline;
import io.sluice.catalog.PipelineCatalog;
import io.sluice.server.runs.RunService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline a new user finds on the first start: generated orders, filtered, written to a table
 * of the embedded PostgreSQL, already running, so that data flows within a minute of {@code
 * ./sluice} and the designer opens on something real.
 *
 * <p>Created only when the catalog is embedded and has never held a pipeline (a deleted demo does
 * not come back), and only when {@code SLUICE_DEMO} is not {@code false}.
 */
final class DemoPipeline {
  static final String NAME = "Demo: large orders";
  static final String DATABASE = "demo";
  static final String TABLE = "large_orders";

  private static final Logger LOG = LoggerFactory.getLogger(DemoPipeline.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoPipeline() {}

  /** Creates and starts the demo if this is the first start of an embedded catalog. */
  static Optional<Pipeline> createIfFirstStart(
      CatalogDatabase database, PipelineCatalog pipelines, RunService runs) {
    if (!pipelines.isPristine()) {
      return Optional.empty();
    }
    Optional<CatalogSettings> target = database.embeddedDatabase(DATABASE);
    if (target.isEmpty()) {
      LOG.info("No demo pipeline: the catalog is an external database");
      return Optional.empty();
    }
    Pipeline demo =
        pipelines.create(
            NAME,
            "Generated orders; those over 50 go to the table "
                + TABLE
                + " of the embedded PostgreSQL (database "
                + DATABASE
                + "). Set SLUICE_DEMO=false to start without it.",
            document(target.get()),
            "sluice",
            "Demo pipeline");
    runs.start(demo.summary().id(), null, false, "sluice");
    LOG.info(
        "Created and started the demo pipeline '{}': rows arrive in {} table {}",
        NAME,
        target.get().jdbcUrl(),
        TABLE);
    return Optional.of(demo);
  }

  static JsonNode document(CatalogSettings target) {
    ObjectNode doc = JSON.createObjectNode().put("formatVersion", 1);
    ArrayNode nodes = doc.putArray("nodes");
    ObjectNode generator =
        nodes.addObject().put("id", "orders").put("type", "generator").put("name", "Orders");
    ObjectNode generated = generator.putObject("config");
    generated
        .putArray("fields")
        .add("id: long")
        .add("customer: string")
        .add("amount: double")
        .add("ts: timestamp");
    generated.put("recordsPerSecond", 20);
    nodes
        .addObject()
        .put("id", "large")
        .put("type", "filter")
        .put("name", "Large orders")
        .putObject("config")
        .put("condition", "amount > 50");
    ObjectNode sink =
        nodes
            .addObject()
            .put("id", "table")
            .put("type", "postgres")
            .put("name", "Embedded PostgreSQL")
            .putObject("config");
    sink.put("jdbcUrl", target.jdbcUrl()).put("user", target.user());
    sink.put("table", TABLE).put("createTable", true);
    ArrayNode edges = doc.putArray("edges");
    edge(edges, "orders", "large");
    edge(edges, "large", "table");
    doc.putObject("settings").put("checkpointInterval", "5s");
    ObjectNode layout = doc.putObject("layout");
    layout.putObject("orders").put("x", 40).put("y", 120);
    layout.putObject("large").put("x", 320).put("y", 120);
    layout.putObject("table").put("x", 600).put("y", 120);
    return doc;
  }

  private static void edge(ArrayNode edges, String from, String to) {
    ObjectNode edge = edges.addObject();
    edge.putObject("from").put("node", from);
    edge.putObject("to").put("node", to);
  }
}
