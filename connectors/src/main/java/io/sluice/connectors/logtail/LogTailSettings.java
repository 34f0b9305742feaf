package io.sluice.connectors.logtail;

import io.sluice.model.logtail.LogTailSchema;
import io.sluice.model.logtail.LogTailSchema.LogFormat;
import io.sluice.model.schema.RecordSchema;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link LogTailSource} reads and how. Immutable and serializable; built by the executor
 * from a validated node, so a bad value here is a bug and the constructor throws.
 *
 * <pre>{@code
 * new LogTailSettings("/var/log/nginx", "access.log*", false, Duration.ofMillis(250),
 *     LogTailSettings.Multiline.NONE, LogFormat.GROK, "%{COMBINEDAPACHELOG}", List.of(),
 *     List.of(), "timestamp", "auto", null, "UTF-8")
 * }</pre>
 *
 * @param directory the absolute path of the watched directory
 * @param filePattern glob matched against file names
 * @param startAtEnd whether files present at the first start are read from their end
 * @param pollInterval how often files are read and the directory listed
 * @param multiline how lines are joined into events
 * @param format how an event is read into fields
 * @param linePattern the regex or grok expression, for those formats
 * @param grokPatterns custom grok patterns, {@code NAME regex} each
 * @param fields declared fields ({@code name: type})
 * @param timestampField the field that holds the event time, or {@code null}
 * @param timestampFormat how that field is read ({@link io.sluice.model.logtail.LogTimestamp})
 * @param fileField the field that gets the file's path, or {@code null}
 * @param charset the files' encoding
 */
public record LogTailSettings(
    String directory,
    String filePattern,
    boolean startAtEnd,
    Duration pollInterval,
    Multiline multiline,
    LogFormat format,
    String linePattern,
    List<String> grokPatterns,
    List<String> fields,
    String timestampField,
    String timestampFormat,
    String fileField,
    String charset)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * How lines join into events.
   *
   * @param continuationPattern a regex; a line it matches (find) continues the event before it; or
   *     {@code null}: every line is an event
   * @param maxLines the most lines of one event
   * @param maxBytes the most bytes of one event (and of one line)
   * @param timeout an event whose file has had no new line for this long is complete
   */
  public record Multiline(String continuationPattern, int maxLines, int maxBytes, Duration timeout)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Multiline NONE = new Multiline(null, 1, 1024 * 1024, Duration.ofSeconds(1));

    public Multiline {
      if (maxLines < 1 || maxBytes < 16) {
        throw new IllegalArgumentException("maxLines >= 1 and maxBytes >= 16");
      }
      Objects.requireNonNull(timeout, "timeout");
      if (continuationPattern != null && continuationPattern.isBlank()) {
        continuationPattern = null;
      }
    }
  }

  public LogTailSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(filePattern, "filePattern");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(multiline, "multiline");
    Objects.requireNonNull(format, "format");
    grokPatterns = List.copyOf(grokPatterns);
    fields = List.copyOf(fields);
    timestampField = blankToNull(timestampField);
    fileField = blankToNull(fileField);
    Charset.forName(charset);
    LogTailSchema.Result schema =
        schemaResult(format, linePattern, grokPatterns, fields, timestampField, fileField);
    if (!schema.ok()) {
      throw new IllegalArgumentException(schema.field() + ": " + schema.error());
    }
  }

  /** The fields of every record, in output order. */
  public RecordSchema schema() {
    return schemaResult().schema();
  }

  /** The schema with the compiled line pattern (for regex and grok). */
  public LogTailSchema.Result schemaResult() {
    return schemaResult(format, linePattern, grokPatterns, fields, timestampField, fileField);
  }

  private static LogTailSchema.Result schemaResult(
      LogFormat format,
      String linePattern,
      List<String> grokPatterns,
      List<String> fields,
      String timestampField,
      String fileField) {
    return LogTailSchema.of(format, linePattern, grokPatterns, fields, timestampField, fileField);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
