package io.sluice.model.validation;

import io.sluice.model.document.Node;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of the {@code postgres-incremental} and {@code postgres-cdc} node types; see {@link
 * BuiltInRules}.
 */
final class PostgresSourceRules {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PUBLICATION = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private PostgresSourceRules() {}

  static void incremental(Node node, ConfigValues config, Set<String> bad, List<Problem> problems) {
    jdbcUrl(node, config, bad, problems);
    Optional<String> table = text(config, bad, "table");
    Optional<String> query = text(config, bad, "query");
    if (!bad.contains("table") && !bad.contains("query")) {
      if (table.isEmpty() && query.isEmpty()) {
        problems.add(
            new Problem(
                node.id().value(),
                "config.table",
                ProblemCodes.MISSING_CONFIG,
                "Give the table to read, or a query."));
      } else if (table.isPresent() && query.isPresent()) {
        problems.add(invalid(node, "query", "Give a table or a query, not both."));
      }
    }
    query
        .filter(q -> !q.toLowerCase(Locale.ROOT).matches("(?s)\\s*(select|with)\\b.*"))
        .ifPresent(
            q -> problems.add(invalid(node, "query", "The query must be a SELECT (or WITH …).")));
    query
        .filter(q -> q.strip().endsWith(";"))
        .ifPresent(
            q ->
                problems.add(
                    invalid(
                        node,
                        "query",
                        "Leave out the ; at the end: Sluice wraps the query in its own.")));
    Optional<RecordSchema> schema = fields(node, config, bad, problems);
    if (bad.contains("offsetColumns") || schema.isEmpty()) {
      return;
    }
    List<String> offsets = config.stringList("offsetColumns").stream().map(String::strip).toList();
    if (offsets.isEmpty()) {
      problems.add(
          new Problem(
              node.id().value(),
              "config.offsetColumns",
              ProblemCodes.MISSING_CONFIG,
              "Name the columns that order the rows, such as updated_at, id."));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String column : offsets) {
      if (!seen.add(column.toLowerCase(Locale.ROOT))) {
        problems.add(invalid(node, "offsetColumns", "'" + column + "' is named twice."));
      } else if (schema.get().field(column).isEmpty()) {
        problems.add(
            invalid(
                node,
                "offsetColumns",
                "'"
                    + column
                    + "' is not one of the fields "
                    + schema.get().names()
                    + "; offset columns are read with the row."));
      }
    }
    if (!bad.contains("lagSafety") && !config.duration("lagSafety").isZero()) {
      schema
          .get()
          .field(offsets.get(0))
          .map(Field::type)
          .filter(t -> t != FieldType.TIMESTAMP && t != FieldType.DATE)
          .ifPresent(
              t ->
                  problems.add(
                      invalid(
                          node,
                          "lagSafety",
                          "Lag safety compares the first offset column with now(), so it must be"
                              + " a timestamp or date; '"
                              + offsets.get(0)
                              + "' is a "
                              + t.wireName()
                              + ".")));
    }
  }

  static void cdc(Node node, ConfigValues config, Set<String> bad, List<Problem> problems) {
    jdbcUrl(node, config, bad, problems);
    Optional<RecordSchema> schema = fields(node, config, bad, problems);
    if (!bad.contains("opField")) {
      String op = config.string("opField").strip();
      if (!NAME.matcher(op).matches()) {
        problems.add(
            invalid(
                node,
                "opField",
                "'"
                    + op
                    + "' is not a field name: letters, digits and _, not starting with a"
                    + " digit."));
      } else if (schema.isPresent() && schema.get().field(op).isPresent()) {
        problems.add(
            invalid(
                node,
                "opField",
                "'"
                    + op
                    + "' is already one of the fields; choose another name for the"
                    + " operation."));
      }
    }
    text(config, bad, "publication")
        .filter(p -> !PUBLICATION.matcher(p).matches())
        .ifPresent(
            p ->
                problems.add(
                    invalid(
                        node,
                        "publication",
                        "'"
                            + p
                            + "' is not a plain publication name: lower case letters, digits and"
                            + " _, at most 63.")));
  }

  private static Optional<RecordSchema> fields(
      Node node, ConfigValues config, Set<String> bad, List<Problem> problems) {
    if (bad.contains("fields")) {
      return Optional.empty();
    }
    var parsed = RecordSchema.parse(config.stringList("fields"));
    for (var entry : parsed.problems()) {
      problems.add(
          invalid(node, "fields", "Entry " + (entry.index() + 1) + ": " + entry.message()));
    }
    if (!parsed.ok()) {
      return Optional.empty();
    }
    if (parsed.schema().fields().isEmpty()) {
      problems.add(
          new Problem(
              node.id().value(),
              "config.fields",
              ProblemCodes.MISSING_CONFIG,
              "Declare the columns to read, such as id: long."));
      return Optional.empty();
    }
    return Optional.of(parsed.schema());
  }

  private static void jdbcUrl(
      Node node, ConfigValues config, Set<String> bad, List<Problem> problems) {
    if (!bad.contains("jdbcUrl")
        && node.configValue("jdbcUrl").isPresent()
        && !config.string("jdbcUrl").startsWith("jdbc:postgresql:")) {
      problems.add(
          invalid(
              node,
              "jdbcUrl",
              "JDBC URL must start with jdbc:postgresql:, for example"
                  + " jdbc:postgresql://db.example.com:5432/warehouse."));
    }
  }

  private static Optional<String> text(ConfigValues config, Set<String> bad, String field) {
    return bad.contains(field)
        ? Optional.empty()
        : config.optionalString(field).map(String::strip).filter(t -> !t.isEmpty());
  }

  private static Problem invalid(Node node, String field, String message) {
    return new Problem(node.id().value(), "config." + field, ProblemCodes.INVALID_CONFIG, message);
  }
}
