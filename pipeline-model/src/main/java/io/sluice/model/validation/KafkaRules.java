package io.sluice.model.validation;

import io.sluice.model.document.Node;
import io.sluice.model.kafka.KafkaConfigText;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The rules of the {@code kafka} and {@code kafka-sink} node types; see {@link BuiltInRules}. */
final class KafkaRules {

  /** Consumer settings the source owns: how bytes are read and that offsets live in Flink. */
  static final Set<String> RESERVED_CONSUMER =
      Set.of(
          "bootstrap.servers",
          "key.deserializer",
          "value.deserializer",
          "enable.auto.commit",
          "auto.offset.reset");

  /** Producer settings the sink owns: serialization and the transactions of exactly once. */
  static final Set<String> RESERVED_PRODUCER =
      Set.of(
          "bootstrap.servers",
          "key.serializer",
          "value.serializer",
          "transactional.id",
          "transaction.timeout.ms");

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static final List<String> METADATA_FIELDS =
      List.of(
          "keyField",
          "topicField",
          "partitionField",
          "offsetField",
          "timestampField",
          "headersField");

  private KafkaRules() {}

  static void source(Node node, ConfigValues config, Set<String> bad, List<Problem> problems) {
    servers(node, config, bad, problems);
    List<String> topics = bad.contains("topics") ? List.of() : config.stringList("topics");
    var pattern =
        bad.contains("topicPattern")
            ? java.util.Optional.<String>empty()
            : config.optionalString("topicPattern").filter(p -> !p.isBlank());
    if (!bad.contains("topics") && !bad.contains("topicPattern")) {
      if (topics.isEmpty() && pattern.isEmpty()) {
        problems.add(
            new Problem(
                node.id().value(),
                "config.topics",
                ProblemCodes.MISSING_CONFIG,
                "Give the topics to read, or a topic pattern."));
      } else if (!topics.isEmpty() && pattern.isPresent()) {
        problems.add(invalid(node, "topicPattern", "Give topics or a topic pattern, not both."));
      }
    }
    for (int i = 0; i < topics.size(); i++) {
      if (!KafkaConfigText.validTopic(topics.get(i).strip())) {
        problems.add(
            invalid(
                node,
                "topics",
                "Entry "
                    + (i + 1)
                    + " (\""
                    + topics.get(i)
                    + "\") is not a topic name: letters, digits, . _ and -, at most 249."));
      }
    }
    if (pattern.isPresent()) {
      try {
        Pattern.compile(pattern.get());
      } catch (PatternSyntaxException e) {
        problems.add(
            invalid(
                node,
                "topicPattern",
                "Topic pattern is not a valid regular expression: "
                    + e.getDescription()
                    + " near index "
                    + e.getIndex()
                    + "."));
      }
    }
    if (!bad.contains("startFrom") && config.string("startFrom").equals("timestamp")) {
      var text = config.optionalString("startTimestamp").filter(t -> !t.isBlank());
      if (text.isEmpty() && !bad.contains("startTimestamp")) {
        problems.add(
            new Problem(
                node.id().value(),
                "config.startTimestamp",
                ProblemCodes.MISSING_CONFIG,
                "Start from timestamp needs a start timestamp, such as 2026-11-24T05:00:00Z."));
      }
    }
    if (!bad.contains("startTimestamp")) {
      config
          .optionalString("startTimestamp")
          .filter(t -> !t.isBlank())
          .filter(t -> KafkaConfigText.startTimestamp(t).isEmpty())
          .ifPresent(
              t ->
                  problems.add(
                      invalid(
                          node,
                          "startTimestamp",
                          "Start timestamp \""
                              + t
                              + "\" is not an ISO-8601 instant such as 2026-11-24T05:00:00Z,"
                              + " nor milliseconds since 1970.")));
    }
    Set<String> names = new HashSet<>();
    if (!bad.contains("fields") && !bad.contains("format")) {
      String format = config.string("format");
      var parsed = RecordSchema.parse(config.stringList("fields"));
      for (var entry : parsed.problems()) {
        problems.add(
            invalid(node, "fields", "Entry " + (entry.index() + 1) + ": " + entry.message()));
      }
      if (parsed.ok()) {
        List<Field> fields = parsed.schema().fields();
        if (format.equals("text")) {
          if (fields.size() > 1
              || (fields.size() == 1 && fields.get(0).type() != FieldType.STRING)) {
            problems.add(
                invalid(
                    node,
                    "fields",
                    "The text format has one string field, the text; declare at most one, such"
                        + " as line: string."));
          }
        } else if (fields.isEmpty()) {
          problems.add(
              new Problem(
                  node.id().value(),
                  "config.fields",
                  ProblemCodes.MISSING_CONFIG,
                  "Declare the fields of the " + format + " records, such as id: long."));
        }
        fields.forEach(f -> names.add(f.name().toLowerCase(Locale.ROOT)));
        if (format.equals("text") && fields.isEmpty()) {
          names.add("value");
        }
      }
    }
    oneCharacter(node, config, "csvDelimiter", "Delimiter", bad, problems);
    oneCharacter(node, config, "csvQuote", "Quote", bad, problems);
    for (String metadata : METADATA_FIELDS) {
      if (bad.contains(metadata)) {
        continue;
      }
      var name = config.optionalString(metadata).map(String::strip).filter(n -> !n.isEmpty());
      if (name.isEmpty()) {
        continue;
      }
      if (!NAME.matcher(name.get()).matches()) {
        problems.add(
            invalid(
                node,
                metadata,
                "'"
                    + name.get()
                    + "' is not a field name: letters, digits and _, not starting with a digit."));
      } else if (!names.add(name.get().toLowerCase(Locale.ROOT))) {
        problems.add(
            invalid(
                node,
                metadata,
                "'" + name.get() + "' is already a field of this node; choose another name."));
      }
    }
    if (!bad.contains("consumerProperties")) {
      for (String problem :
          KafkaConfigText.properties(config.stringList("consumerProperties"), RESERVED_CONSUMER)
              .problems()) {
        problems.add(invalid(node, "consumerProperties", problem));
      }
    }
  }

  static void sink(Node node, ConfigValues config, Set<String> bad, List<Problem> problems) {
    servers(node, config, bad, problems);
    if (!bad.contains("topic")
        && node.configValue("topic").isPresent()
        && !KafkaConfigText.validTopic(config.string("topic").strip())) {
      problems.add(
          invalid(
              node,
              "topic",
              "\""
                  + config.string("topic")
                  + "\" is not a topic name: letters, digits, . _ and -, at most 249."));
    }
    oneCharacter(node, config, "csvDelimiter", "Delimiter", bad, problems);
    if (!bad.contains("keyField")) {
      config
          .optionalString("keyField")
          .map(String::strip)
          .filter(k -> !k.isEmpty() && !NAME.matcher(k).matches())
          .ifPresent(
              k -> problems.add(invalid(node, "keyField", "'" + k + "' is not a field name.")));
    }
    if (!bad.contains("transactionTimeout")
        && config.duration("transactionTimeout").toSeconds() < 1) {
      problems.add(invalid(node, "transactionTimeout", "Transaction timeout must be at least 1s."));
    }
    if (!bad.contains("producerProperties")) {
      for (String problem :
          KafkaConfigText.properties(config.stringList("producerProperties"), RESERVED_PRODUCER)
              .problems()) {
        problems.add(invalid(node, "producerProperties", problem));
      }
    }
  }

  private static void servers(
      Node node, ConfigValues config, Set<String> bad, List<Problem> problems) {
    if (!bad.contains("bootstrapServers")
        && node.configValue("bootstrapServers").isPresent()
        && !KafkaConfigText.validServers(config.string("bootstrapServers"))) {
      problems.add(
          invalid(
              node,
              "bootstrapServers",
              "Bootstrap servers must be host:port entries separated by commas, such as"
                  + " kafka-1:9092,kafka-2:9092; got \""
                  + config.string("bootstrapServers")
                  + "\"."));
    }
  }

  private static void oneCharacter(
      Node node,
      ConfigValues config,
      String field,
      String label,
      Set<String> bad,
      List<Problem> problems) {
    if (!bad.contains(field) && config.string(field).length() != 1) {
      problems.add(invalid(node, field, label + " must be exactly one character."));
    }
  }

  private static Problem invalid(Node node, String field, String message) {
    return new Problem(node.id().value(), "config." + field, ProblemCodes.INVALID_CONFIG, message);
  }
}
