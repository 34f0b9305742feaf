package io.sluice.connectors.file;

import io.sluice.connectors.file.enumerator.FileDirectoryEnumerator;
import io.sluice.connectors.file.enumerator.FileEnumeratorState;
import io.sluice.connectors.file.enumerator.FileEnumeratorStateSerializer;
import io.sluice.connectors.file.reader.FileDirectorySourceReader;
import io.sluice.connectors.file.split.FileSplit;
import io.sluice.connectors.file.split.FileSplitSerializer;
import io.sluice.model.schema.Field;
import io.sluice.model.schema.RecordSchema;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.LocalTimeTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.types.Either;
import org.apache.flink.types.Row;

/**
 * Reads the CSV or JSON-lines files of a directory, once ({@code bounded}) or continuously as new
 * files arrive, exactly once across failures and restores.
 *
 * <pre>{@code
 * FileDirectorySource source = new FileDirectorySource(settings);
 * DataStream<Either<Row, BadRecord>> read =
 *     env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders").uid(nodeId);
 * SingleOutputStreamOperator<Row> rows = SplitBadRecords.apply(read, nodeId);
 * DataStream<BadRecord> deadLetter = rows.getSideOutput(SplitBadRecords.BAD_RECORDS);
 * }</pre>
 *
 * <h2>Output</h2>
 *
 * One stream of {@code Either<Row, BadRecord>}: {@code Left} a row with the schema's fields in
 * order (type {@link #rowType}), {@code Right} a record that could not be read or converted, with
 * {@code file:line}, the raw text and the reason. Bad records never stop the job and are never
 * dropped here; {@link SplitBadRecords} separates them.
 *
 * <h2>Which files</h2>
 *
 * Files matching the glob, in sub-directories too when recursive. Files that may still be written
 * are ignored: a name (of the file or of a directory on the way) starting with {@code .} or {@code
 * _}, or ending with {@code .tmp}, {@code .part}, {@code .inprogress} or {@code .crdownload}.
 * Producers write under such a name and rename when done. A file is read once, as it is when its
 * turn comes; later changes to it are not seen.
 *
 * <h2>State</h2>
 *
 * Each file is a split whose position (byte offset and line of the next record) is reader state,
 * updated as each record is emitted: a restore resumes mid-file at the first record not emitted.
 * The enumerator hands files out oldest first by (modification time, path) and remembers only a
 * cutoff time, below which every file counts as done, and the paths of files assigned at or after
 * it; the cutoff trails the newest assigned file by {@code lateFileGrace + discoveryInterval}. So
 * the state holds the files of one such window, not every file ever read; the price is that a file
 * appearing more than that window after its last modification, with newer files already read, is
 * not read. See {@code connectors/docs/file-directory.md}.
 *
 * <p>Immutable and serializable.
 */
public final class FileDirectorySource
    implements Source<Either<Row, BadRecord>, FileSplit, FileEnumeratorState>,
        ResultTypeQueryable<Either<Row, BadRecord>> {

  private static final long serialVersionUID = 1L;

  private final FileDirectorySourceSettings settings;

  public FileDirectorySource(FileDirectorySourceSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public FileDirectorySourceSettings settings() {
    return settings;
  }

  /**
   * The Flink type of rows of a schema: STRING {@code String}, LONG {@code Long}, DOUBLE {@code
   * Double}, DECIMAL {@code BigDecimal}, BOOLEAN {@code Boolean}, DATE {@code LocalDate}, TIMESTAMP
   * {@code LocalDateTime}; named after the fields.
   */
  public static RowTypeInfo rowType(RecordSchema schema) {
    TypeInformation<?>[] types = new TypeInformation<?>[schema.fields().size()];
    String[] names = new String[types.length];
    for (int i = 0; i < types.length; i++) {
      Field field = schema.fields().get(i);
      names[i] = field.name();
      types[i] =
          switch (field.type()) {
            case STRING -> BasicTypeInfo.STRING_TYPE_INFO;
            case LONG -> BasicTypeInfo.LONG_TYPE_INFO;
            case DOUBLE -> BasicTypeInfo.DOUBLE_TYPE_INFO;
            case DECIMAL -> BasicTypeInfo.BIG_DEC_TYPE_INFO;
            case BOOLEAN -> BasicTypeInfo.BOOLEAN_TYPE_INFO;
            case DATE -> LocalTimeTypeInfo.LOCAL_DATE;
            case TIMESTAMP -> LocalTimeTypeInfo.LOCAL_DATE_TIME;
          };
    }
    return new RowTypeInfo(types, names);
  }

  /** The type of this source's output: rows of the schema, or bad records. */
  public static TypeInformation<Either<Row, BadRecord>> outputType(RecordSchema schema) {
    return new EitherTypeInfo<>(rowType(schema), TypeInformation.of(BadRecord.class));
  }

  @Override
  public TypeInformation<Either<Row, BadRecord>> getProducedType() {
    return outputType(settings.schema());
  }

  @Override
  public Boundedness getBoundedness() {
    return settings.bounded() ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED;
  }

  @Override
  public SourceReader<Either<Row, BadRecord>, FileSplit> createReader(SourceReaderContext context) {
    return new FileDirectorySourceReader(settings, context);
  }

  @Override
  public SplitEnumerator<FileSplit, FileEnumeratorState> createEnumerator(
      SplitEnumeratorContext<FileSplit> context) {
    return restoreEnumerator(context, FileEnumeratorState.initial());
  }

  @Override
  public SplitEnumerator<FileSplit, FileEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<FileSplit> context, FileEnumeratorState state) {
    return new FileDirectoryEnumerator(context, settings, state, System::currentTimeMillis);
  }

  @Override
  public SimpleVersionedSerializer<FileSplit> getSplitSerializer() {
    return FileSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<FileEnumeratorState> getEnumeratorCheckpointSerializer() {
    return FileEnumeratorStateSerializer.INSTANCE;
  }
}
