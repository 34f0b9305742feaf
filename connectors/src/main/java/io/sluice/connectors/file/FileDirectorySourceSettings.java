package io.sluice.connectors.file;

import io.sluice.model.schema.Field;
import io.sluice.model.schema.FieldType;
import io.sluice.model.schema.RecordSchema;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * What a {@link FileDirectorySource} reads and how.
 *
 * <pre>{@code
 * new FileDirectorySourceSettings(
 *     Path.of("/data/in"), "*.csv", true, Duration.ofSeconds(5),
 *     FileFormat.CSV, CsvOptions.defaults(),
 *     RecordSchema.parse(List.of("id: long", "amount: decimal")).schema(),
 *     false)
 * }</pre>
 *
 * @param directory the directory to watch; made absolute
 * @param glob which files to read, {@code "*"} by default. A glob without {@code /} is matched
 *     against the file name (so {@code *.csv} matches in every sub-directory when {@code
 *     recursive}); a glob with {@code /} is matched against the path relative to {@code directory},
 *     written with {@code /} ({@code 2026-*}{@code /*.csv}). Hidden and temporary files are ignored
 *     whatever the glob says, see {@link FileDirectorySource}.
 * @param recursive also read sub-directories (except hidden ones)
 * @param discoveryInterval how often the directory is listed for new files
 * @param format CSV or JSON lines
 * @param csv CSV options; {@link CsvOptions#defaults()} when {@code null}; ignored for JSON lines
 * @param schema the fields of every record, in output order
 * @param bounded {@code true}: read the files present at start, then finish; {@code false}: watch
 *     forever
 * @param lateFileGrace how long after its last modification a file may still appear in the
 *     directory and be read; see {@link FileDirectorySource} on state. {@link
 *     #DEFAULT_LATE_FILE_GRACE} unless set.
 */
public record FileDirectorySourceSettings(
    Path directory,
    String glob,
    boolean recursive,
    Duration discoveryInterval,
    FileFormat format,
    CsvOptions csv,
    RecordSchema schema,
    boolean bounded,
    Duration lateFileGrace)
    implements Serializable, FileSourceSpec {

  private static final long serialVersionUID = 1L;

  public static final Duration DEFAULT_LATE_FILE_GRACE = Duration.ofMinutes(5);

  public FileDirectorySourceSettings {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(discoveryInterval, "discoveryInterval");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(schema, "schema");
    directory = directory.toAbsolutePath().normalize();
    glob = glob == null || glob.isBlank() ? "*" : glob.strip();
    try {
      FileSystems.getDefault().getPathMatcher("glob:" + glob);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("Glob '" + glob + "' is invalid: " + e.getMessage(), e);
    }
    if (discoveryInterval.isNegative() || discoveryInterval.toMillis() < 1) {
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

  /** Settings with the {@link #DEFAULT_LATE_FILE_GRACE}. */
  public FileDirectorySourceSettings(
      Path directory,
      String glob,
      boolean recursive,
      Duration discoveryInterval,
      FileFormat format,
      CsvOptions csv,
      RecordSchema schema,
      boolean bounded) {
    this(
        directory,
        glob,
        recursive,
        discoveryInterval,
        format,
        csv,
        schema,
        bounded,
        DEFAULT_LATE_FILE_GRACE);
  }

  public FileDirectorySourceSettings withLateFileGrace(Duration lateFileGrace) {
    return new FileDirectorySourceSettings(
        directory, glob, recursive, discoveryInterval, format, csv, schema, bounded, lateFileGrace);
  }

  /** The charset files are decoded with: the CSV charset, UTF-8 for JSON lines. */
  @Override
  public Charset charset() {
    return format == FileFormat.CSV ? csv.charset() : java.nio.charset.StandardCharsets.UTF_8;
  }

  // Path, Charset and RecordSchema are not Serializable; Flink ships the source to the cluster
  // with Java serialization, so the settings travel as plain values.
  private Object writeReplace() {
    List<String> names = new ArrayList<>();
    List<FieldType> types = new ArrayList<>();
    for (Field field : schema.fields()) {
      names.add(field.name());
      types.add(field.type());
    }
    return new SerializedForm(
        directory.toString(),
        glob,
        recursive,
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
      String directory,
      String glob,
      boolean recursive,
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
      return new FileDirectorySourceSettings(
          Path.of(directory),
          glob,
          recursive,
          discoveryInterval,
          format,
          new CsvOptions(header, delimiter, quote, escape, nullString, Charset.forName(charset)),
          new RecordSchema(fields),
          bounded,
          lateFileGrace);
    }
  }
}
