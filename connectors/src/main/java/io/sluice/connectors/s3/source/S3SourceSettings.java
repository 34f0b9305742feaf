package io.sluice.connectors.s3.source;

import io.sluice.connectors.file.CsvOptions;
import io.sluice.connectors.file.FileFormat;
import io.sluice.connectors.file.FileSourceSpec;
import io.sluice.connectors.s3.S3Connection;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * What an {@link S3Source} reads and how: the objects under a prefix of a bucket, in the formats of
 * the file-directory source.
 *
 * @param connection the bucket and how to reach it
 * @param prefix the key prefix, such as {@code landing/orders/}; empty for the whole bucket
 * @param glob matched against the key after the prefix when it contains {@code /}, else against the
 *     last segment of the key; {@code *} by default
 * @param discoveryInterval how often the prefix is listed for new objects
 * @param format CSV or JSON lines
 * @param csv CSV options; {@link CsvOptions#defaults()} when {@code null}
 * @param schema the fields of every record, in output order
 * @param bounded read the objects present at start, then finish
 * @param lateFileGrace how long after its last-modified time an object may still appear and be
 *     read; see {@link S3Source}
 */
public record S3SourceSettings(
    S3Connection connection,
    String prefix,
    String glob,
    Duration discoveryInterval,
    FileFormat format,
    CsvOptions csv,
    RecordSchema schema,
    boolean bounded,
    Duration lateFileGrace)
    implements Serializable, FileSourceSpec {

  private static final long serialVersionUID = 1L;

  public static final Duration DEFAULT_LATE_FILE_GRACE = Duration.ofMinutes(5);

  public S3SourceSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(discoveryInterval, "discoveryInterval");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(schema, "schema");
    prefix = prefix == null ? "" : prefix.strip();
    while (prefix.startsWith("/")) {
      prefix = prefix.substring(1);
    }
    glob = glob == null || glob.isBlank() ? "*" : glob.strip();
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("Glob '" + glob + "' is invalid: " + e.getMessage(), e);
    }
    if (discoveryInterval.toMillis() < 1) {
      throw new IllegalArgumentException("The discovery interval must be at least 1 ms.");
    }
    csv = csv == null ? CsvOptions.defaults() : csv;
    if (schema.fields().isEmpty()) {
      throw new IllegalArgumentException("The schema must have at least one field.");
    }
    lateFileGrace = lateFileGrace == null ? DEFAULT_LATE_FILE_GRACE : lateFileGrace;
    if (lateFileGrace.isNegative()) {
      throw new IllegalArgumentException("The late-file grace must not be negative.");
    }
  }

  public S3SourceSettings withLateFileGrace(Duration lateFileGrace) {
    return new S3SourceSettings(
        connection, prefix, glob, discoveryInterval, format, csv, schema, bounded, lateFileGrace);
  }

  @Override
  public Charset charset() {
    return format == FileFormat.CSV ? csv.charset() : StandardCharsets.UTF_8;
  }

  // Charset and RecordSchema are not Serializable: travel as plain values, as the file settings do.
  private Object writeReplace() {
    List<String> names = new ArrayList<>();
    List<FieldType> types = new ArrayList<>();
    for (Field field : schema.fields()) {
      names.add(field.name());
      types.add(field.type());
    }
    return new SerializedForm(
        connection,
        prefix,
        glob,
        discoveryInterval,
        format,
        csv.header(),
        csv.delimiter(),
        csv.quote(),
        csv.escape(),
        csv.nullString(),
        csv.charset().name(),
        names.toArray(String[]::new),
        types.toArray(FieldType[]::new),
        bounded,
        lateFileGrace);
  }

  private record SerializedForm(
      S3Connection connection,
      String prefix,
      String glob,
      Duration discoveryInterval,
      FileFormat format,
      boolean header,
      char delimiter,
      char quote,
      Character escape,
      String nullString,
      String charset,
      String[] fieldNames,
      FieldType[] fieldTypes,
      boolean bounded,
      Duration lateFileGrace)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    private Object readResolve() {
      List<Field> fields = new ArrayList<>();
      for (int i = 0; i < fieldNames.length; i++) {
        fields.add(new Field(fieldNames[i], fieldTypes[i]));
      }
      return new S3SourceSettings(
          connection,
          prefix,
          glob,
          discoveryInterval,
          format,
          new CsvOptions(header, delimiter, quote, escape, nullString, Charset.forName(charset)),
          new RecordSchema(fields),
          bounded,
          lateFileGrace);
    }
  }
}
