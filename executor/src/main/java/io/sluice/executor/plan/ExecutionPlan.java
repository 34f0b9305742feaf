package io.sluice.executor.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.document.Settings;
import io.sluice.model.id.NodeId;
import io.sluice.model.json.PipelineJson;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline version resolved for execution: its steps in an order where every step comes after its
 * input, and the pipeline's settings. Built by {@link PlanTranslator}; compiled to a Flink job by
 * {@code io.sluice.executor.compile.JobCompiler}.
 */
public record ExecutionPlan(List<Step> steps, Settings settings) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ExecutionPlan {
    steps = List.copyOf(steps);
  }

  public Optional<Step> step(NodeId id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The steps that read the output of {@code id}. */
  public List<Step> consumersOf(NodeId id) {
    return steps.stream().filter(s -> s.input().equals(Optional.of(id))).toList();
  }

  /**
   * The plan as JSON for the run record and for people: steps with their kind, uid and settings,
   * secrets left out.
   */
  public JsonNode describe() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode array = root.putArray("steps");
    for (Step step : steps) {
      ObjectNode node = array.addObject();
      node.put("id", step.id().value());
      node.put("kind", step.getClass().getSimpleName());
      node.put("uid", step.uid("main"));
      step.input().ifPresent(in -> node.put("input", in.value()));
      ObjectNode detail = describe(step);
      node.set("settings", detail);
    }
    ObjectNode pipelineSettings =
        (ObjectNode)
            PipelineJson.write(
                    new PipelineDocument(
                        List.of(), List.of(), settings, PipelineDocument.empty().layout()))
                .get("settings");
    if (pipelineSettings.path("deadLetter").has("password")) {
      ((ObjectNode) pipelineSettings.get("deadLetter")).put("password", "****");
    }
    root.set("pipelineSettings", pipelineSettings);
    return root;
  }

  private static ObjectNode describe(Step step) {
    ObjectNode d = JSON.createObjectNode();
    if (step instanceof Step.GeneratorSource g) {
      d.put("seed", g.seed()).put("recordsPerSecond", g.recordsPerSecond());
      g.count().ifPresent(c -> d.put("count", c));
      g.schema()
          .ifPresent(
              s -> {
                ArrayNode fields = d.putArray("fields");
                s.fields().forEach(x -> fields.add(x.name() + ": " + x.type().wireName()));
              });
    } else if (step instanceof Step.FileDirectorySource f) {
      d.put("path", f.path())
          .put("recursive", f.recursive())
          .put("pattern", f.pattern())
          .put("format", f.format().name().toLowerCase(java.util.Locale.ROOT))
          .put("charset", f.charset().name())
          .put("discoveryInterval", f.discoveryInterval().toString())
          .put("onError", f.onError().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode fields = d.putArray("fields");
      f.schema().fields().forEach(x -> fields.add(x.name() + ": " + x.type().wireName()));
    } else if (step instanceof Step.Filter f) {
      d.put("condition", f.condition());
    } else if (step instanceof Step.Derive f) {
      ArrayNode fields = d.putArray("fields");
      f.fields().forEach(x -> fields.add(x.name() + " = " + x.expression()));
      ArrayNode renames = d.putArray("rename");
      f.renames().forEach(r -> renames.add(r.from() + " -> " + r.to()));
      ArrayNode drop = d.putArray("drop");
      f.drop().forEach(drop::add);
      ArrayNode keep = d.putArray("keep");
      f.keep().forEach(keep::add);
    } else if (step instanceof Step.FileDirectorySink s) {
      d.put("path", s.path())
          .put("format", s.format().name().toLowerCase(java.util.Locale.ROOT))
          .put("filePrefix", s.filePrefix());
    } else if (step instanceof Step.KafkaSource k) {
      var settings = k.settings();
      d.put("bootstrapServers", settings.bootstrapServers());
      ArrayNode topics = d.putArray("topics");
      settings.topics().forEach(topics::add);
      settings.pattern().ifPresent(p -> d.put("topicPattern", p));
      d.put("startFrom", settings.startFrom().name().toLowerCase(java.util.Locale.ROOT));
      if (settings.startTimestamp() != null) {
        d.put("startTimestamp", settings.startTimestamp());
      }
      d.put("format", settings.format().name().toLowerCase(java.util.Locale.ROOT))
          .put("onError", k.onError().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode fields = d.putArray("fields");
      settings
          .outputSchema()
          .fields()
          .forEach(x -> fields.add(x.name() + ": " + x.type().wireName()));
      // Keys only: values such as sasl.jaas.config hold credentials.
      ArrayNode properties = d.putArray("consumerProperties");
      settings.properties().keySet().forEach(properties::add);
    } else if (step instanceof Step.KafkaSink s) {
      d.put("bootstrapServers", s.bootstrapServers())
          .put("topic", s.topic())
          .put("format", s.format().name().toLowerCase(java.util.Locale.ROOT))
          .put("exactlyOnce", s.exactlyOnce())
          .put("transactionTimeout", s.transactionTimeout().toString());
      s.keyField().ifPresent(key -> d.put("keyField", key));
      ArrayNode headers = d.putArray("headerFields");
      s.headerFields().forEach(headers::add);
      ArrayNode properties = d.putArray("producerProperties");
      s.properties().keySet().forEach(properties::add);
    } else if (step instanceof Step.PostgresSink s) {
      d.put("jdbcUrl", s.jdbcUrl())
          .put("user", s.user())
          .put("table", s.table())
          .put("mode", s.mode().name().toLowerCase(java.util.Locale.ROOT))
          .put("createTable", s.createTable());
      if (s.password() != null) {
        d.put("password", "****");
      }
      ArrayNode keys = d.putArray("keyFields");
      s.keyFields().forEach(keys::add);
    }
    return d;
  }
}
