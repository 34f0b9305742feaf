package io.sluice.model.validation;

import io.sluice.model.document.Node;
import io.sluice.model.logtail.LogTailSchema;
import io.sluice.model.logtail.LogTimestamp;
import io.sluice.model.nodetype.ConfigValues;
import io.sluice.model.problem.Problem;
import io.sluice.model.problem.ProblemCodes;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The rules of the {@code log-tail} node type; see {@link BuiltInRules}. */
final class LogTailRules {
  private LogTailRules() {}

  static void check(Node node, ConfigValues config, Set<String> bad, List<Problem> problems) {
    if (!bad.contains("path") && !config.string("path").strip().startsWith("/")) {
      problems.add(
          invalid(node, "path", "Give the directory as an absolute path, such as /var/log/app."));
    }
    if (!bad.contains("filePattern")) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + config.string("filePattern"));
      } catch (IllegalArgumentException e) {
        problems.add(invalid(node, "filePattern", "Not a valid glob: " + e.getMessage() + "."));
      }
    }
    if (!bad.contains("continuationPattern")) {
      config
          .optionalString("continuationPattern")
          .filter(p -> !p.isBlank())
          .ifPresent(
              p -> {
                try {
                  Pattern.compile(p);
                } catch (PatternSyntaxException e) {
                  problems.add(
                      invalid(
                          node,
                          "continuationPattern",
                          "Not a valid regular expression: " + e.getDescription() + "."));
                }
              });
    }
    if (!bad.contains("charset")) {
      String charset = config.string("charset");
      boolean ok;
      try {
        ok = Charset.isSupported(charset);
      } catch (IllegalArgumentException e) {
        ok = false;
      }
      if (!ok) {
        problems.add(
            invalid(node, "charset", "Unknown character set '" + charset + "'; try UTF-8."));
      }
    }
    if (!bad.contains("timestampFormat")
        && LogTimestamp.of(config.string("timestampFormat")).isEmpty()) {
      problems.add(
          invalid(
              node,
              "timestampFormat",
              "Give auto, iso, apache, syslog, epoch-millis, epoch-seconds or a date-time pattern"
                  + " such as yyyy-MM-dd HH:mm:ss."));
    }
    if (!bad.contains("pollInterval")
        && config.duration("pollInterval").compareTo(Duration.ofMillis(10)) < 0) {
      problems.add(invalid(node, "pollInterval", "Check at most every 10ms."));
    }
    List<String> schemaFields =
        List.of("format", "linePattern", "grokPatterns", "fields", "timestampField", "fileField");
    if (schemaFields.stream().noneMatch(bad::contains)) {
      LogTailSchema.Result result = schema(config);
      if (!result.ok()) {
        String field = result.field().equals("pattern") ? "linePattern" : result.field();
        problems.add(invalid(node, field, result.error()));
      }
    }
  }

  /** The node's output fields, as the executor will compute them. */
  static LogTailSchema.Result schema(ConfigValues config) {
    return LogTailSchema.of(
        LogTailSchema.LogFormat.of(config.string("format")).orElseThrow(),
        config.optionalString("linePattern").orElse(null),
        config.stringList("grokPatterns"),
        config.stringList("fields"),
        config.optionalString("timestampField").orElse(null),
        config.optionalString("fileField").orElse(null));
  }

  private static Problem invalid(Node node, String field, String message) {
    return new Problem(node.id().value(), "config." + field, ProblemCodes.INVALID_CONFIG, message);
  }
}
