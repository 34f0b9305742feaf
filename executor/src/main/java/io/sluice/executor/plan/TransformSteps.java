package io.sluice.executor.plan;

import io.sluice.model.id.NodeId;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.nodetype.TransformNodeTypes;
import io.sluice.model.schema.RecordSchema;
import io.sluice.model.transform.AggregateCall;
import io.sluice.model.transform.KeyPair;
import io.sluice.model.transform.PatternMeasure;
import io.sluice.model.transform.PatternStep;
import io.sluice.model.transform.RouteBranch;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Translation of the {@link TransformNodeTypes} into steps; pure, like {@link PlanTranslator}. */
final class TransformSteps {
  private TransformSteps() {}

  static Step step(NodeId id, String type, ConfigValues config, List<NodeId> inputs) {
    return switch (type) {
      case TransformNodeTypes.WINDOW_AGGREGATE ->
          new Step.WindowAggregate(
              id,
              inputs.get(0),
              window(config),
              time(config, config.string("time").equals("event-time")),
              config.stringList("groupBy").stream().map(String::strip).toList(),
              config.stringList("aggregates").stream()
                  .map(e -> AggregateCall.parse(e).call().orElseThrow())
                  .toList(),
              config.string("lateRecords").equals("skip")
                  ? Step.WindowAggregate.Late.SKIP
                  : Step.WindowAggregate.Late.DEAD_LETTER);
      case TransformNodeTypes.DEDUPLICATE ->
          new Step.Deduplicate(
              id,
              inputs.get(0),
              config.stringList("keyFields").stream().map(String::strip).toList(),
              Step.Deduplicate.Keep.valueOf(config.string("keep").toUpperCase(Locale.ROOT)),
              config.duration("within"),
              time(config, timeField(config).isPresent()));
      case TransformNodeTypes.UNION -> new Step.Union(id, inputs);
      case TransformNodeTypes.ROUTE ->
          new Step.Route(
              id,
              inputs.get(0),
              config.stringList("routes").stream()
                  .map(e -> RouteBranch.parse(e).branch().orElseThrow())
                  .toList(),
              Step.OnError.valueOf(
                  config.string("onError").replace('-', '_').toUpperCase(Locale.ROOT)));
      case TransformNodeTypes.SQL ->
          new Step.Sql(
              id,
              inputs,
              config.string("query").strip(),
              Step.OnError.valueOf(
                  config.string("onError").replace('-', '_').toUpperCase(Locale.ROOT)));
      case TransformNodeTypes.LOOKUP_JOIN ->
          new Step.LookupJoin(
              id,
              inputs.get(0),
              config.string("jdbcUrl").strip(),
              config.optionalString("user").orElse(null),
              config.optionalString("password").orElse(null),
              config.string("table").strip(),
              keys(config),
              RecordSchema.parse(config.stringList("columns")).schema(),
              config.optionalString("prefix").map(String::strip).orElse(""),
              config.string("missing").equals("inner"),
              config.integer("cacheMaxSize"),
              config.duration("cacheTtl"));
      case TransformNodeTypes.PATTERN ->
          new Step.Pattern(
              id,
              inputs.get(0),
              config.stringList("keyFields").stream().map(String::strip).toList(),
              time(config, true),
              config.stringList("steps").stream()
                  .map(e -> PatternStep.parse(e).step().orElseThrow())
                  .toList(),
              config.duration("within"),
              config.stringList("measures").stream()
                  .map(e -> PatternMeasure.parse(e).measure().orElseThrow())
                  .toList());
      default -> throw new IllegalStateException("Not a transform of TransformNodeTypes: " + type);
    };
  }

  /** An interval join: its inputs by port, since which input is left matters. */
  static Step intervalJoin(NodeId id, ConfigValues config, NodeId left, NodeId right) {
    return new Step.IntervalJoin(
        id,
        left,
        right,
        keys(config),
        new Step.Time(
            Optional.of(config.string("leftTimeField").strip()),
            config.duration("leftWatermarkDelay")),
        new Step.Time(
            Optional.of(config.string("rightTimeField").strip()),
            config.duration("rightWatermarkDelay")),
        config.duration("before"),
        config.duration("after"),
        config.optionalString("rightPrefix").map(String::strip).orElse(""),
        config.stringList("rightDrop").stream().map(String::strip).toList());
  }

  private static List<KeyPair> keys(ConfigValues config) {
    return config.stringList("keys").stream()
        .map(e -> KeyPair.parse(e).pair().orElseThrow())
        .toList();
  }

  private static Optional<String> timeField(ConfigValues config) {
    return config.optionalString("timeField").map(String::strip).filter(s -> !s.isEmpty());
  }

  private static Step.Time time(ConfigValues config, boolean eventTime) {
    return eventTime
        ? new Step.Time(timeField(config), config.duration("watermarkDelay"))
        : Step.Time.processing();
  }

  private static Step.Window window(ConfigValues config) {
    return switch (config.string("window")) {
      case "hopping" ->
          new Step.Window(
              Step.Window.Kind.HOPPING, config.duration("size"), config.duration("slide"), null);
      case "session" ->
          new Step.Window(Step.Window.Kind.SESSION, null, null, config.duration("gap"));
      default -> new Step.Window(Step.Window.Kind.TUMBLING, config.duration("size"), null, null);
    };
  }
}
