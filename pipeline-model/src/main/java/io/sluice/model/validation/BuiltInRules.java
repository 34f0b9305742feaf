package io.sluice.model.validation;

import io.sluice.model.document.Node;
import io.sluice.model.nodetype.BuiltInNodeTypes;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.nodetype.NodeTypeDescriptor;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import io.sluice.model.schema.RecordSchema;
import java.nio.charset.Charset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of the built-in node types that one field's descriptor cannot express. Kept as plain code
 * rather than a rule language in descriptors: there are few, and each reads best as an if.
 */
final class BuiltInRules {

  private static final Pattern DERIVED_FIELD =
      Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)\\s*(\\S.*)", Pattern.DOTALL);

  private static final Pattern RENAME =
      Pattern.compile("\\s*[A-Za-z_][A-Za-z0-9_]*\\s*->\\s*[A-Za-z_][A-Za-z0-9_]*\\s*");

  private BuiltInRules() {}

  /**
   * Adds problems for {@code node}. {@code badFields} names fields that already have a problem;
   * rules built on them are skipped so that one mistake is reported once.
   */
  static void check(
      Node node, NodeTypeDescriptor type, Set<String> badFields, List<Problem> problems) {
    if (type.version() != 1) {
      return;
    }
    ConfigValues config = ConfigValues.of(type, node);
    switch (type.type()) {
      case BuiltInNodeTypes.FILE_DIRECTORY, BuiltInNodeTypes.S3 -> {
        if (type.type().equals(BuiltInNodeTypes.S3)) {
          checkS3Connection(node, config, badFields, problems);
        }
        if (!badFields.contains("csvDelimiter") && config.string("csvDelimiter").length() != 1) {
          problems.add(
              invalid(
                  node,
                  "csvDelimiter",
                  "Delimiter must be exactly one character, got \""
                      + config.string("csvDelimiter")
                      + "\"."));
        }
        if (!badFields.contains("csvEscape")
            && config.optionalString("csvEscape").map(e -> e.length() > 1).orElse(false)) {
          problems.add(invalid(node, "csvEscape", "Escape must be one character or empty."));
        }
        if (!badFields.contains("csvQuote") && config.string("csvQuote").length() != 1) {
          problems.add(invalid(node, "csvQuote", "Quote must be exactly one character."));
        }
        if (!badFields.contains("charset") && !isCharset(config.string("charset"))) {
          problems.add(
              invalid(
                  node,
                  "charset",
                  "Unknown character set '" + config.string("charset") + "'; try UTF-8."));
        }
        if (!badFields.contains("fields")) {
          var parsed = RecordSchema.parse(config.stringList("fields"));
          for (var entry : parsed.problems()) {
            problems.add(
                invalid(node, "fields", "Entry " + (entry.index() + 1) + ": " + entry.message()));
          }
          if (parsed.ok() && parsed.schema().fields().isEmpty()) {
            problems.add(invalid(node, "fields", "Declare at least one field."));
          }
        }
      }
      case BuiltInNodeTypes.POSTGRES -> {
        if (!badFields.contains("jdbcUrl")
            && node.configValue("jdbcUrl").isPresent()
            && !config.string("jdbcUrl").startsWith("jdbc:postgresql:")) {
          problems.add(
              invalid(
                  node,
                  "jdbcUrl",
                  "JDBC URL must start with jdbc:postgresql:, for example"
                      + " jdbc:postgresql://db.example.com:5432/warehouse."));
        }
        if (!badFields.contains("mode")
            && !badFields.contains("keyFields")
            && config.string("mode").equals("upsert")
            && config.stringList("keyFields").isEmpty()) {
          problems.add(
              new Problem(
                  node.id().value(),
                  "config.keyFields",
                  ProblemCodes.MISSING_CONFIG,
                  "Upsert needs key fields: the fields that identify a row, matching the table's"
                      + " primary key or a unique constraint."));
        }
      }
      case BuiltInNodeTypes.GENERATOR -> {
        if (!badFields.contains("fields")) {
          var parsed = RecordSchema.parse(config.stringList("fields"));
          for (var entry : parsed.problems()) {
            problems.add(
                invalid(node, "fields", "Entry " + (entry.index() + 1) + ": " + entry.message()));
          }
        }
      }
      case BuiltInNodeTypes.FILE_DIRECTORY_SINK, BuiltInNodeTypes.S3_SINK -> {
        if (type.type().equals(BuiltInNodeTypes.S3_SINK)) {
          checkS3Connection(node, config, badFields, problems);
        }
        if (!badFields.contains("csvDelimiter") && config.string("csvDelimiter").length() != 1) {
          problems.add(invalid(node, "csvDelimiter", "Delimiter must be exactly one character."));
        }
        if (!badFields.contains("filePrefix")
            && !config.string("filePrefix").matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
          problems.add(
              invalid(
                  node,
                  "filePrefix",
                  "File name prefix must be letters, digits, _ . or - and not start with . or -."));
        }
      }
      case BuiltInNodeTypes.DERIVE -> {
        if (!badFields.contains("fields")) {
          checkDerivedFields(node, config.stringList("fields"), problems);
        }
        if (!badFields.contains("rename")) {
          List<String> renames = config.stringList("rename");
          for (int i = 0; i < renames.size(); i++) {
            if (!RENAME.matcher(renames.get(i)).matches()) {
              problems.add(
                  invalid(
                      node,
                      "rename",
                      "Entry "
                          + (i + 1)
                          + " (\""
                          + renames.get(i)
                          + "\") must read old -> new, for example cust_id -> customer_id."));
            }
          }
        }
        boolean nothing =
            List.of("fields", "rename", "drop", "keep").stream()
                .noneMatch(f -> badFields.contains(f) || !config.stringList(f).isEmpty());
        if (nothing) {
          problems.add(
              new Problem(
                  node.id().value(),
                  "config.fields",
                  ProblemCodes.MISSING_CONFIG,
                  "Say what to do: compute, rename, drop or keep at least one field."));
        }
      }
      case BuiltInNodeTypes.KAFKA -> KafkaRules.source(node, config, badFields, problems);
      case BuiltInNodeTypes.KAFKA_SINK -> KafkaRules.sink(node, config, badFields, problems);
      case BuiltInNodeTypes.POSTGRES_INCREMENTAL ->
          PostgresSourceRules.incremental(node, config, badFields, problems);
      case BuiltInNodeTypes.POSTGRES_CDC ->
          PostgresSourceRules.cdc(node, config, badFields, problems);
      case BuiltInNodeTypes.LOG_TAIL -> LogTailRules.check(node, config, badFields, problems);
      default -> {}
    }
  }

  private static void checkDerivedFields(Node node, List<String> entries, List<Problem> problems) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String entry = entries.get(i);
      Matcher m = DERIVED_FIELD.matcher(entry);
      if (!m.matches()) {
        problems.add(
            invalid(
                node,
                "fields",
                "Entry "
                    + (i + 1)
                    + " (\""
                    + entry
                    + "\") must read name = expression, for example total = price * quantity."));
      } else if (!names.add(m.group(1).toLowerCase(Locale.ROOT))) {
        problems.add(
            invalid(
                node,
                "fields",
                "Entry " + (i + 1) + " derives '" + m.group(1) + "' again; each name once."));
      }
    }
  }

  /** The rules of S3 bucket names; an endpoint that is a URL; a secret for an access key. */
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

  private static void checkS3Connection(
      Node node, ConfigValues config, Set<String> badFields, List<Problem> problems) {
    if (!badFields.contains("bucket")
        && node.configValue("bucket").isPresent()
        && !BUCKET.matcher(config.string("bucket").strip()).matches()) {
      problems.add(
          invalid(
              node,
              "bucket",
              "Bucket must be 3-63 lower-case letters, digits, . or -, starting and ending with a"
                  + " letter or digit, got \""
                  + config.string("bucket")
                  + "\"."));
    }
    var endpoint = config.optionalString("endpoint").map(String::strip).filter(e -> !e.isEmpty());
    if (!badFields.contains("endpoint") && endpoint.isPresent() && !isHttpUrl(endpoint.get())) {
      problems.add(
          invalid(
              node,
              "endpoint",
              "Endpoint must be an http:// or https:// URL, for example http://minio:9000."));
    }
    boolean access =
        config.optionalString("accessKey").map(String::strip).filter(k -> !k.isEmpty()).isPresent();
    boolean secret = node.configValue("secretKey").isPresent();
    if (!badFields.contains("secretKey") && access && !secret) {
      problems.add(
          new Problem(
              node.id().value(),
              "config.secretKey",
              ProblemCodes.MISSING_CONFIG,
              "An access key needs its secret key."));
    }
  }

  private static boolean isHttpUrl(String text) {
    try {
      java.net.URI uri = new java.net.URI(text);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static boolean isCharset(String name) {
    try {
      return Charset.isSupported(name);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Problem invalid(Node node, String field, String message) {
    return new Problem(node.id().value(), "config." + field, ProblemCodes.INVALID_CONFIG, message);
  }
}
