package io.sluice.executor.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.model.document.Edge;
import io.sluice.model.document.PipelineDocument;
import io.sluice.model.document.PortRef;
import io.sluice.model.document.Settings;
import io.sluice.model.id.NodeId;
import io.sluice.model.id.PortName;
import io.sluice.model.json.PipelineJson;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline version resolved for execution: its steps in an order where every step comes after its
 * inputs, the edges between their ports, and the pipeline's settings. Built by {@link
 * PlanTranslator}; compiled to a Flink job by {@code io.sluice.executor.compile.JobCompiler}.
 *
 * @param edges from an output port of a step to an input port of another, in document order
 */
public record ExecutionPlan(List<Step> steps, Settings settings, List<Edge> edges) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ExecutionPlan {
    steps = List.copyOf(steps);
    edges = List.copyOf(edges);
  }

  /** A plan whose steps read the default ports ({@code out} into {@code in}) of their inputs. */
  public ExecutionPlan(List<Step> steps, Settings settings) {
    this(
        steps,
        settings,
        steps.stream()
            .flatMap(
                s ->
                    s.inputs().stream()
                        .map(
                            in ->
                                new Edge(
                                    new PortRef(in, PortName.OUT),
                                    new PortRef(s.id(), PortName.IN))))
            .toList());
  }

  /** The output ports whose records reach step {@code id}, in the order of the edges. */
  public List<PortRef> inputsOf(NodeId id) {
    return edges.stream().filter(e -> e.to().node().equals(id)).map(Edge::from).toList();
  }

  public Optional<Step> step(NodeId id) {
    return steps.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  /** The steps that read the output of {@code id}. */
  public List<Step> consumersOf(NodeId id) {
    return steps.stream().filter(s -> s.inputs().contains(id)).toList();
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
      List<PortRef> inputs = inputsOf(step.id());
      if (inputs.size() > 1 || inputs.stream().anyMatch(p -> !p.port().equals(PortName.OUT))) {
        ArrayNode ports = node.putArray("inputs");
        inputs.forEach(p -> ports.add(p.toString()));
      }
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
    } else if (step instanceof Step.S3Source s) {
      Step.FileDirectorySource f = s.files();
      describeS3(d, s.connection());
      d.put("prefix", s.prefix())
          .put("pattern", f.pattern())
          .put("format", f.format().name().toLowerCase(java.util.Locale.ROOT))
          .put("charset", f.charset().name())
          .put("discoveryInterval", f.discoveryInterval().toString())
          .put("lateObjectGrace", s.lateObjectGrace().toString())
          .put("onError", f.onError().name().toLowerCase(java.util.Locale.ROOT));
      ArrayNode fields = d.putArray("fields");
      f.schema().fields().forEach(x -> fields.add(x.name() + ": " + x.type().wireName()));
    } else if (step instanceof Step.S3Sink s) {
      describeS3(d, s.connection());
      d.put("prefix", s.prefix())
          .put("format", s.format().name().toLowerCase(java.util.Locale.ROOT))
          .put("filePrefix", s.filePrefix());
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
    } else if (step instanceof Step.WindowAggregate w) {
      d.put("window", w.window().kind().name().toLowerCase(java.util.Locale.ROOT));
      if (w.window().size() != null) {
        d.put("size", w.window().size().toString());
      }
      if (w.window().slide() != null) {
        d.put("slide", w.window().slide().toString());
      }
      if (w.window().gap() != null) {
        d.put("gap", w.window().gap().toString());
      }
      describeTime(d, w.time());
      ArrayNode groupBy = d.putArray("groupBy");
      w.groupBy().forEach(groupBy::add);
      ArrayNode aggregates = d.putArray("aggregates");
      w.aggregates().forEach(a -> aggregates.add(a.written()));
      d.put("lateRecords", w.lateRecords().name().toLowerCase(java.util.Locale.ROOT));
    } else if (step instanceof Step.Deduplicate x) {
      ArrayNode keys = d.putArray("keyFields");
      x.keyFields().forEach(keys::add);
      d.put("keep", x.keep().name().toLowerCase(java.util.Locale.ROOT))
          .put("within", x.within().toString());
      describeTime(d, x.time());
    } else if (step instanceof Step.Route r) {
      ArrayNode routes = d.putArray("routes");
      r.branches().forEach(b -> routes.add(b.port() + ": " + b.condition()));
    } else if (step instanceof Step.Sql q) {
      d.put("query", q.query());
    } else if (step instanceof Step.LookupJoin j) {
      d.put("jdbcUrl", j.jdbcUrl()).put("user", j.user()).put("table", j.table());
      if (j.password() != null) {
        d.put("password", "****");
      }
      ArrayNode keys = d.putArray("keys");
      j.keys().forEach(k -> keys.add(k.left() + " = " + k.right()));
      ArrayNode columns = d.putArray("columns");
      j.columns().fields().forEach(x -> columns.add(x.name() + ": " + x.type().wireName()));
      d.put("prefix", j.prefix())
          .put("missing", j.inner() ? "inner" : "left")
          .put("cacheMaxSize", j.cacheMaxSize())
          .put("cacheTtl", j.cacheTtl().toString());
    } else if (step instanceof Step.IntervalJoin j) {
      d.put("left", j.left().value()).put("right", j.right().value());
      ArrayNode keys = d.putArray("keys");
      j.keys().forEach(k -> keys.add(k.left() + " = " + k.right()));
      d.put("leftTimeField", j.leftTime().field().get())
          .put("leftWatermarkDelay", j.leftTime().watermarkDelay().toString())
          .put("rightTimeField", j.rightTime().field().get())
          .put("rightWatermarkDelay", j.rightTime().watermarkDelay().toString())
          .put("before", j.before().toString())
          .put("after", j.after().toString())
          .put("rightPrefix", j.rightPrefix());
      ArrayNode drop = d.putArray("rightDrop");
      j.rightDrop().forEach(drop::add);
    } else if (step instanceof Step.Pattern p) {
      ArrayNode keys = d.putArray("keyFields");
      p.keyFields().forEach(keys::add);
      describeTime(d, p.time());
      ArrayNode steps = d.putArray("steps");
      p.steps().forEach(x -> steps.add(x.name() + x.quantifier() + ": " + x.condition()));
      d.put("within", p.within().toString());
      ArrayNode measures = d.putArray("measures");
      p.measures().forEach(m -> measures.add(m.name() + " = " + m.written()));
    } else if (step instanceof Step.FileDirectorySink s) {
      d.put("path", s.path())
          .put("format", s.format().name().toLowerCase(java.util.Locale.ROOT))
          .put("filePrefix", s.filePrefix());
    } else if (step instanceof Step.PostgresIncrementalSource pi) {
      var settings = pi.settings();
      d.put("jdbcUrl", settings.jdbcUrl()).put("user", settings.user());
      if (settings.table() != null) {
        d.put("table", settings.table());
      } else {
        d.put("query", settings.query());
      }
      ArrayNode fields = d.putArray("fields");
      settings.fields().forEach(fields::add);
      ArrayNode offsets = d.putArray("offsetColumns");
      settings.offsetColumns().forEach(offsets::add);
      d.put("pollInterval", settings.pollInterval().toString())
          .put("batchSize", settings.batchSize())
          .put("lagSafety", settings.lagSafety().toString())
          .put("onError", pi.onError().name().toLowerCase(java.util.Locale.ROOT));
    } else if (step instanceof Step.PostgresCdcSource c) {
      d.put("jdbcUrl", c.jdbcUrl())
          .put("user", c.user())
          .put("table", c.table())
          .put("opField", c.opField())
          .put("snapshot", c.snapshot())
          .put("onError", c.onError().name().toLowerCase(java.util.Locale.ROOT));
      if (c.publication() != null) {
        d.put("publication", c.publication());
      }
      ArrayNode fields = d.putArray("fields");
      c.fields().forEach(fields::add);
    } else if (step instanceof Step.LogTailSource l) {
      var settings = l.settings();
      d.put("path", settings.directory())
          .put("filePattern", settings.filePattern())
          .put("startAt", settings.startAtEnd() ? "end" : "beginning")
          .put("format", settings.format().name().toLowerCase(java.util.Locale.ROOT))
          .put("pollInterval", settings.pollInterval().toString())
          .put("onError", l.onError().name().toLowerCase(java.util.Locale.ROOT));
      if (settings.linePattern() != null) {
        d.put("linePattern", settings.linePattern());
      }
      if (settings.multiline().continuationPattern() != null) {
        d.put("continuationPattern", settings.multiline().continuationPattern());
      }
      if (settings.timestampField() != null) {
        d.put("timestampField", settings.timestampField())
            .put("timestampFormat", settings.timestampFormat())
            .put("watermarkDelay", l.watermarkDelay().toString());
      }
      ArrayNode fields = d.putArray("fields");
      settings.schema().fields().forEach(x -> fields.add(x.name() + ": " + x.type().wireName()));
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

  /** Where the bucket is; the access key id but never the secret. */
  private static void describeS3(ObjectNode d, io.sluice.connectors.s3.S3Connection c) {
    d.put("endpoint", c.endpoint())
        .put("region", c.region())
        .put("bucket", c.bucket())
        .put("accessKey", c.accessKey())
        .put("pathStyle", c.pathStyle());
  }

  private static void describeTime(ObjectNode d, Step.Time time) {
    if (time.eventTime()) {
      d.put("timeField", time.field().get())
          .put("watermarkDelay", time.watermarkDelay().toString());
    } else {
      d.put("time", "processing-time");
    }
  }
}
